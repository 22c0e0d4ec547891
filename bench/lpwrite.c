/* lpwrite.c — the ingest benchmark's client (bench/ingest.sh): sends a line-protocol file to
 * an HTTP write endpoint in batches of B lines from C concurrent connections, the way
 * InfluxDB's and VictoriaMetrics' own load tools do, and reports the rate and the latency
 * of the requests. The same client feeds greenpark, InfluxDB and VictoriaMetrics, so the
 * client's own cost falls on all three alike.
 *
 * usage: lpwrite [-b LINES] [-c CONNECTIONS] [-H "Name: value"]... FILE PORT PATH
 *
 * The file is mapped, cut into batches of LINES lines (default 5,000) in file order, and
 * each connection takes the next batch not yet taken: with the file in time order, the
 * servers see time order, as from a live park. Each batch is one POST over HTTP/1.1 with
 * keep-alive to 127.0.0.1:PORT; the server must answer 2xx (the answer is read whole:
 * Content-Length or chunked), and any other answer stops the run with exit status 1 and
 * the answer on stderr. On success one line goes to stdout:
 *     lines=20352000 requests=4071 seconds=38.512 lines_per_s=528459 p50_ms=17.9 p99_ms=41.2
 * max_ms=120.4 seconds is CLOCK_MONOTONIC from the first connect to the last answer. Nothing here
 * buffers more than one answer per connection (capped at 1 MiB). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define LP_MAX_HEADERS  8
#define LP_MAX_CONNS    64
#define LP_ANSWER_MAX   (1 << 20)
#define LP_REQ_HEAD_MAX 4096

struct batch {
	size_t off, len;
};

static const char *data;
static struct batch *batches;
static size_t nbatches;
static _Atomic size_t next_batch;
static _Atomic int failed;
static double *latency_ms; /* per batch */
static int port;
static const char *path;
static const char *headers[LP_MAX_HEADERS];
static int nheaders;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int connect_server(void)
{
	struct sockaddr_in a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, struct iovec *iov, int n)
{
	while (n > 0) {
		ssize_t w = writev(fd, iov, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (char *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* Reads one answer into buf (cap LP_ANSWER_MAX); returns the status code, 0 on a broken
 * or oversized answer. *keep is set when the connection may be reused. */
static int read_answer(int fd, char *buf, size_t *len, int *keep)
{
	size_t have = 0, head = 0, body_len = 0;
	int status = 0, chunked = 0;

	*keep = 1;
	for (;;) {
		ssize_t r;
		if (head) {
			if (!chunked && have >= head + body_len)
				break;
			if (chunked) {
				/* the body is complete when it ends with the last chunk */
				if (have >= head + 5 && memcmp(buf + have - 5, "0\r\n\r\n", 5) == 0)
					break;
			}
		}
		if (have >= LP_ANSWER_MAX - 1)
			return 0;
		r = read(fd, buf + have, LP_ANSWER_MAX - 1 - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 0;
		have += (size_t)r;
		buf[have] = '\0';
		if (!head) {
			char *end = strstr(buf, "\r\n\r\n"), *p;
			if (!end)
				continue;
			head = (size_t)(end - buf) + 4;
			if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
				return 0;
			for (p = buf; p < end; p++) {
				if (strncasecmp(p, "\r\ncontent-length:", 17) == 0)
					body_len = strtoul(p + 17, NULL, 10);
				else if (strncasecmp(p, "\r\ntransfer-encoding: chunked", 28) == 0)
					chunked = 1;
				else if (strncasecmp(p, "\r\nconnection: close", 19) == 0)
					*keep = 0;
			}
			if (status == 204 || status == 304)
				body_len = 0, chunked = 0;
		}
	}
	*len = have;
	return status;
}

static void *client(void *arg)
{
	char *answer = malloc(LP_ANSWER_MAX), head[LP_REQ_HEAD_MAX];
	int fd = -1;

	(void)arg;
	if (!answer)
		return NULL;
	for (;;) {
		size_t i = atomic_fetch_add(&next_batch, 1), alen = 0;
		struct iovec iov[2];
		int n, status, keep;
		double t;

		if (i >= nbatches || atomic_load(&failed))
			break;
		n = snprintf(head, sizeof(head),
			     "POST %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nContent-Type: text/plain; "
			     "charset=utf-8\r\nContent-Length: %zu\r\n",
			     path, port, batches[i].len);
		for (int h = 0; h < nheaders && n < (int)sizeof(head); h++)
			n += snprintf(head + n, sizeof(head) - (size_t)n, "%s\r\n", headers[h]);
		if (n >= (int)sizeof(head) - 2) {
			fprintf(stderr, "lpwrite: request head over %d bytes\n", LP_REQ_HEAD_MAX);
			atomic_store(&failed, 1);
			break;
		}
		n += snprintf(head + n, sizeof(head) - (size_t)n, "\r\n");
		t = now_s();
		if (fd < 0 && (fd = connect_server()) < 0) {
			fprintf(stderr, "lpwrite: connect to 127.0.0.1:%d: %s\n", port,
				strerror(errno));
			atomic_store(&failed, 1);
			break;
		}
		iov[0] = (struct iovec){head, (size_t)n};
		iov[1] = (struct iovec){(void *)(data + batches[i].off), batches[i].len};
		if (send_all(fd, iov, 2) != 0 ||
		    (status = read_answer(fd, answer, &alen, &keep)) == 0) {
			fprintf(stderr, "lpwrite: batch %zu: the connection broke (%s)\n", i,
				strerror(errno));
			atomic_store(&failed, 1);
			break;
		}
		latency_ms[i] = (now_s() - t) * 1000.0;
		if (status < 200 || status > 299) {
			fprintf(stderr, "lpwrite: batch %zu: HTTP %d\n%.*s\n", i, status,
				(int)(alen < 2000 ? alen : 2000), answer);
			atomic_store(&failed, 1);
			break;
		}
		if (!keep) {
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	free(answer);
	return NULL;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	pthread_t th[LP_MAX_CONNS];
	long lines_per = 5000, conns = 2;
	size_t size, lines = 0, cap = 0;
	struct stat st;
	double t0, secs;
	int fd, opt;

	while ((opt = getopt(argc, argv, "b:c:H:")) != -1) {
		switch (opt) {
		case 'b': lines_per = strtol(optarg, NULL, 10); break;
		case 'c': conns = strtol(optarg, NULL, 10); break;
		case 'H':
			if (nheaders == LP_MAX_HEADERS) {
				fprintf(stderr, "lpwrite: at most %d headers\n", LP_MAX_HEADERS);
				return 2;
			}
			headers[nheaders++] = optarg;
			break;
		default: goto usage;
		}
	}
	if (argc - optind != 3 || lines_per < 1 || lines_per > 10000000 || conns < 1 ||
	    conns > LP_MAX_CONNS)
		goto usage;
	port = (int)strtol(argv[optind + 1], NULL, 10);
	path = argv[optind + 2];
	if (port < 1 || port > 65535)
		goto usage;
	if ((fd = open(argv[optind], O_RDONLY)) < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
		fprintf(stderr, "lpwrite: %s: %s\n", argv[optind],
			fd < 0 ? strerror(errno) : "empty or unreadable");
		return 1;
	}
	size = (size_t)st.st_size;
	data = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (data == MAP_FAILED) {
		fprintf(stderr, "lpwrite: mmap %s: %s\n", argv[optind], strerror(errno));
		return 1;
	}
	madvise((void *)data, size, MADV_SEQUENTIAL);
	/* cut into batches of lines_per lines */
	for (size_t off = 0; off < size;) {
		size_t end = off;
		long k = 0;
		while (end < size && k < lines_per) {
			const char *nl = memchr(data + end, '\n', size - end);
			end = nl ? (size_t)(nl - data) + 1 : size;
			k++;
		}
		if (nbatches == cap) {
			cap = cap ? 2 * cap : 4096;
			batches = realloc(batches, cap * sizeof(*batches));
			if (!batches) {
				fprintf(stderr, "lpwrite: out of memory\n");
				return 1;
			}
		}
		batches[nbatches++] = (struct batch){off, end - off};
		lines += (size_t)k;
		off = end;
	}
	latency_ms = calloc(nbatches, sizeof(double));
	if (!latency_ms)
		return 1;
	t0 = now_s();
	for (long i = 0; i < conns; i++)
		pthread_create(&th[i], NULL, client, NULL);
	for (long i = 0; i < conns; i++)
		pthread_join(th[i], NULL);
	secs = now_s() - t0;
	if (atomic_load(&failed))
		return 1;
	qsort(latency_ms, nbatches, sizeof(double), cmp_double);
	printf("lines=%zu requests=%zu seconds=%.3f lines_per_s=%.0f p50_ms=%.1f p99_ms=%.1f "
	       "max_ms=%.1f\n",
	       lines, nbatches, secs, (double)lines / secs, latency_ms[nbatches / 2],
	       latency_ms[(size_t)((double)(nbatches - 1) * 0.99)], latency_ms[nbatches - 1]);
	return 0;
usage:
	fprintf(stderr,
		"usage: lpwrite [-b LINES] [-c CONNECTIONS(1-%d)] [-H 'Name: value']... "
		"FILE PORT PATH\n",
		LP_MAX_CONNS);
	return 2;
}
