/* calendar.c - calendar days: real dates, their order, the days of a period. */
#include "calendar.h"

#include <string.h>

/*
 * Days from civil dates and back, after Howard Hinnant's "chrono-compatible
 * low-level date algorithms": years are shifted to start in March, so the
 * leap day is the last day of the shifted year and needs no special case.
 */
static mb_day days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;                                   /* [0, 399] */
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  /* [0, 365] */
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
	return (mb_day)(era * 146097 + doe - 719468);
}

static void civil_from_days(mb_day z, int *y, int *m, int *d)
{
	int zz = (int)z + 719468;
	int era = (zz >= 0 ? zz : zz - 146096) / 146097;
	int doe = zz - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool mb_day_parse(const char *s, mb_day *out)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	if (d > mdays[m - 1] + (m == 2 && is_leap(y)))
		return false;
	*out = days_from_civil(y, m, d);
	return true;
}

void mb_day_iso(mb_day day, char out[11])
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	/* Days come from mb_day_parse or periods of years 1900..9999: four digits. */
	y = y < 0 ? 0 : y % 10000;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

void mb_day_span(int year, int quarter, mb_day *first, mb_day *last)
{
	int m0 = quarter ? 3 * quarter - 2 : 1;  /* first month */
	int m1 = quarter ? 3 * quarter : 12;     /* last month */
	*first = days_from_civil(year, m0, 1);
	/* the last day of m1 is the day before the first of the next month */
	*last = m1 == 12 ? days_from_civil(year + 1, 1, 1) - 1 : days_from_civil(year, m1 + 1, 1) - 1;
}
