/* replay.c — runs a libFuzzer harness's LLVMFuzzerTestOneInput over every file of a
 * corpus directory, so 'make test' (gcc, no libFuzzer) keeps every input that once
 * crashed a parser as a regression test (after SQLite's fuzzcheck). */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX_BYTES (4u << 20)

int main(int argc, char **argv)
{
	DIR *d;
	struct dirent *de;
	int n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS-DIR\n", argv[0]);
		return 2;
	}
	d = opendir(argv[1]);
	if (!d) {
		fprintf(stderr, "%s: cannot open corpus\n", argv[1]);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		char path[4096];
		FILE *fp;
		uint8_t *buf;
		size_t len;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], de->d_name);
		fp = fopen(path, "rb");
		if (!fp)
			continue;
		buf = malloc(REPLAY_MAX_BYTES);
		len = buf ? fread(buf, 1, REPLAY_MAX_BYTES, fp) : 0;
		fclose(fp);
		if (!buf)
			return 1;
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		n++;
	}
	closedir(d);
	printf("%d inputs replayed\n", n);
	return n > 0 ? 0 : 1;
}
