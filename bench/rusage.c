/* rusage.c — runs one command and reports its wall time and peak resident memory.
 *
 * usage: rusage CMD ARGS...
 *
 * The command inherits stdin, stdout and stderr, so its output passes through. When it
 * ends, one line goes to stderr:
 *     wall_s=0.123456 maxrss_kib=12345 status=0
 * wall_s is CLOCK_MONOTONIC from before fork() to after wait4(), so it includes exec and
 * the dynamic loader, as a user of the CLI would see it. maxrss_kib is ru_maxrss of the
 * waited-for child (Linux reports KiB). status is the exit status, or 128 + the signal
 * number for a command killed by a signal, or 127 when it could not be executed; rusage
 * exits with the same status. It must never alter what the command reads or writes. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* wait4() */
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUSAGE_EXEC_FAILED 127

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double start_s, wall_s;
	pid_t pid;
	int wstatus, status;

	if (argc < 2) {
		fputs("usage: rusage CMD ARGS...\n"
		      "runs CMD and prints 'wall_s=S maxrss_kib=K status=N' on stderr\n",
		      stderr);
		return 2;
	}
	fflush(NULL);
	start_s = now_s();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "rusage: fork failed: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "rusage: cannot run %s: %s\n", argv[1], strerror(errno));
		_exit(RUSAGE_EXEC_FAILED);
	}
	memset(&ru, 0, sizeof(ru));
	while (wait4(pid, &wstatus, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "rusage: wait4 failed: %s\n", strerror(errno));
			return 1;
		}
	}
	wall_s = now_s() - start_s;
	if (WIFEXITED(wstatus))
		status = WEXITSTATUS(wstatus);
	else if (WIFSIGNALED(wstatus))
		status = 128 + WTERMSIG(wstatus);
	else
		status = 1;
	fprintf(stderr, "wall_s=%.6f maxrss_kib=%ld status=%d\n", wall_s, (long)ru.ru_maxrss,
		status);
	return status;
}
