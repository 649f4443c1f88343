/*
 * csv_raw.c: the baseline for slds-ingest's throughput: libcsv parsing a
 * file with callbacks that only count, in the same 256 KiB reads and with
 * the same parser options as common/csv_reader.c.  Prints bytes, rows and
 * seconds.  Built and run by bench/ingest.sh.
 */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <csv.h>

struct counts {
	unsigned long long fields, rows;
};

static void on_field(void *data, size_t len, void *ctx)
{
	(void)data;
	(void)len;
	((struct counts *)ctx)->fields++;
}

static void on_row(int c, void *ctx)
{
	(void)c;
	((struct counts *)ctx)->rows++;
}

int main(int argc, char **argv)
{
	static char block[256 * 1024];
	struct csv_parser p;
	struct counts n = { 0, 0 };
	unsigned long long bytes = 0;
	struct timespec t0, t1;
	ssize_t got;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: csv_raw FILE\n");
		return 64;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL)) {
		perror(argv[1]);
		return 66;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while ((got = read(fd, block, sizeof(block))) > 0) {
		bytes += (unsigned long long)got;
		if (csv_parse(&p, block, (size_t)got, on_field, on_row, &n) != (size_t)got) {
			fprintf(stderr, "csv_raw: %s\n", csv_strerror(csv_error(&p)));
			return 65;
		}
	}
	csv_fini(&p, on_field, on_row, &n);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	csv_free(&p);
	close(fd);
	printf("%llu %llu %.6f\n", bytes, n.rows,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return 0;
}
