/* dl_time.c - a thread-safe gmtime() for libxlsxwriter. */
#include <time.h>

/*
 * libxlsxwriter writes a workbook's dates with gmtime(), whose result lives
 * in one buffer shared by the whole process: two workbooks closing on two
 * threads at once could each read the other's date, and the bytes of a
 * workbook would then depend on timing (ThreadSanitizer found it).  This
 * definition comes first in the program's symbol lookup, so the library's
 * call binds to it, and it gives every thread a buffer of its own.  Locking
 * around workbook_close() instead also serialised the compression of the
 * workbooks, which cost 2 s of the national downloads.
 */
struct tm *gmtime(const time_t *t)
{
	static _Thread_local struct tm tm;
	return gmtime_r(t, &tm);
}
