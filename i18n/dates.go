package i18n

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Dates is how a language writes dates and times: the names of months and
// days and the patterns of the formats Masthead shows. A pattern is
// written as in CLDR (the Unicode locale data translators know):
//
//	d, dd      day of the month (dd pads to two digits)
//	M, MM      month as a number; MMM its short name; MMMM its full name
//	y, yyyy    year
//	EEE, EEEE  short and full day of the week
//	H, HH      hour of a 24-hour clock; h, hh of a 12-hour clock
//	mm         minutes
//	a          the AM or PM marker
//	z          the time zone's abbreviation, e.g. CET
//	'text'     literal text ('' is a quote)
//
// Any other character stands for itself.
type Dates struct {
	Date        string   `json:"date"`      // e.g. "d MMMM y"
	DateTime    string   `json:"dateTime"`  // a date with its time, e.g. "d MMMM y, HH:mm z"
	MonthYear   string   `json:"monthYear"` // a month archive's name, e.g. "MMMM y"
	Time        string   `json:"time"`      // a time of day, e.g. "HH:mm" or "h:mm a"
	Months      []string `json:"months"`    // January first
	MonthsShort []string `json:"monthsShort"`
	Days        []string `json:"days"` // Sunday first
	DaysShort   []string `json:"daysShort"`
	AM          string   `json:"am"`
	PM          string   `json:"pm"`
}

// check reports what a catalog's dates lack.
func (d Dates) check() error {
	switch {
	case d.Date == "" || d.DateTime == "" || d.MonthYear == "" || d.Time == "":
		return fmt.Errorf("its dates need the date, dateTime, monthYear and time patterns.")
	case len(d.Months) != 12 || len(d.MonthsShort) != 12:
		return fmt.Errorf("its dates need the names of the 12 months, in full and short.")
	case len(d.Days) != 7 || len(d.DaysShort) != 7:
		return fmt.Errorf("its dates need the names of the 7 days, in full and short, Sunday first.")
	}
	return nil
}

// Date writes the day t falls on, e.g. "14 March 2026" or "14. März 2026".
func (l *Locale) Date(t time.Time) string { return l.format(l.catalog.Dates.Date, t) }

// DateTime writes t as a date and a time of day with its zone.
func (l *Locale) DateTime(t time.Time) string { return l.format(l.catalog.Dates.DateTime, t) }

// Time writes t's time of day, e.g. "14:05" or "2:05 م", with the
// language's clock.
func (l *Locale) Time(t time.Time) string { return l.format(l.catalog.Dates.Time, t) }

// MonthYear names a month of a year, e.g. "March 2026" or "marzo de 2026".
func (l *Locale) MonthYear(year int, month time.Month) string {
	return l.format(l.catalog.Dates.MonthYear, time.Date(year, month, 1, 12, 0, 0, 0, time.UTC))
}

// Month returns a month's full name.
func (l *Locale) Month(m time.Month) string { return l.catalog.Dates.Months[m-1] }

// Format writes t with a CLDR pattern (see Dates) in the locale's names
// and digits.
func (l *Locale) Format(pattern string, t time.Time) string { return l.format(pattern, t) }

// format runs a pattern over t.
func (l *Locale) format(pattern string, t time.Time) string {
	d := l.catalog.Dates
	var b strings.Builder
	for i := 0; i < len(pattern); {
		c := pattern[i]
		if c == '\'' {
			i = quoted(&b, pattern, i+1)
			continue
		}
		if !isPatternLetter(c) {
			b.WriteByte(c)
			i++
			continue
		}
		n := 1
		for i+n < len(pattern) && pattern[i+n] == c {
			n++
		}
		i += n
		switch c {
		case 'd':
			b.WriteString(l.digitsOf(t.Day(), n))
		case 'M':
			switch {
			case n >= 4:
				b.WriteString(d.Months[t.Month()-1])
			case n == 3:
				b.WriteString(d.MonthsShort[t.Month()-1])
			default:
				b.WriteString(l.digitsOf(int(t.Month()), n))
			}
		case 'y':
			b.WriteString(l.digitsOf(t.Year(), 1))
		case 'E':
			if n >= 4 {
				b.WriteString(d.Days[t.Weekday()])
			} else {
				b.WriteString(d.DaysShort[t.Weekday()])
			}
		case 'H':
			b.WriteString(l.digitsOf(t.Hour(), n))
		case 'h':
			h := t.Hour() % 12
			if h == 0 {
				h = 12
			}
			b.WriteString(l.digitsOf(h, n))
		case 'm':
			b.WriteString(l.digitsOf(t.Minute(), 2))
		case 'a':
			if t.Hour() < 12 {
				b.WriteString(d.AM)
			} else {
				b.WriteString(d.PM)
			}
		case 'z':
			b.WriteString(t.Format("MST"))
		default:
			b.WriteString(pattern[i-n : i])
		}
	}
	return b.String()
}

// quoted writes the literal text that starts at i, just after its
// opening quote, up to its closing quote, and returns where the pattern
// goes on. ” is a quote, inside quoted text or out of it.
func quoted(b *strings.Builder, pattern string, i int) int {
	if i < len(pattern) && pattern[i] == '\'' {
		b.WriteByte('\'')
		return i + 1
	}
	for i < len(pattern) {
		if pattern[i] == '\'' {
			if i+1 < len(pattern) && pattern[i+1] == '\'' {
				b.WriteByte('\'')
				i += 2
				continue
			}
			return i + 1
		}
		b.WriteByte(pattern[i])
		i++
	}
	return i
}

// isPatternLetter reports whether c is a letter a pattern reserves.
func isPatternLetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// digitsOf writes n, padded with zeros to width, in the locale's digits
// and without separators (a year is 2026, never 2,026).
func (l *Locale) digitsOf(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteString(l.digits[r-'0'])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}
