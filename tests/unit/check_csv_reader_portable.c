/*
 * check_csv_reader_portable.c: the reader's tests again, against its
 * portable byte-at-a-time scanner (built with CSV_READER_PORTABLE), which
 * machines without SSE2 use and which this machine would otherwise never run.
 */
#include "check_csv_reader.c"
