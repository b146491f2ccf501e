package i18n

import (
	"testing"
	"time"
)

// TestMatchFallsBackByLanguageThenToEnglish: a region falls back to its
// language, a language without a catalog, or no language at all, to
// English, and says so.
func TestMatchFallsBackByLanguageThenToEnglish(t *testing.T) {
	for _, tc := range []struct {
		tag, want string
		ok        bool
	}{
		{"de", "de", true}, {"de-AT", "de", true}, {"fr-CA", "fr", true}, {"es-419", "es", true},
		{"ar-EG", "ar", true}, {"en-GB", "en", true}, {"EN", "en", true},
		{"pt", "en", false}, {"xx", "en", false}, {"", "en", false}, {"not a tag", "en", false},
	} {
		l, ok := Match(tc.tag)
		if l.Language() != tc.want || ok != tc.ok {
			t.Errorf("Match(%q) = %s, %v; want %s, %v", tc.tag, l.Language(), ok, tc.want, tc.ok)
		}
	}
}

// TestArabicHasSixPluralForms: Arabic chooses among zero, one, two, few,
// many and other by CLDR's rules, in Arabic-Indic digits; English and
// German between one and other.
func TestArabicHasSixPluralForms(t *testing.T) {
	ar, _ := Match("ar")
	for n, want := range map[int]string{
		0: "لا تعليقات", 1: "تعليق واحد", 2: "تعليقان", 3: "٣ تعليقات", 10: "١٠ تعليقات",
		11: "١١ تعليقًا", 99: "٩٩ تعليقًا", 100: "١٠٠ تعليق", 103: "١٠٣ تعليقات", 111: "١١١ تعليقًا",
	} {
		if got := ar.N("%d comment", "%d comments", n); got != want {
			t.Errorf("Arabic, %d: got %q, want %q", n, got, want)
		}
	}
	en, de := Default(), mustMatch(t, "de")
	for n, want := range map[int][2]string{0: {"0 comments", "0 Kommentare"}, 1: {"1 comment", "1 Kommentar"},
		2: {"2 comments", "2 Kommentare"}, 1500: {"1,500 comments", "1.500 Kommentare"}} {
		if got := en.N("%d comment", "%d comments", n); got != want[0] {
			t.Errorf("English, %d: got %q, want %q", n, got, want[0])
		}
		if got := de.N("%d comment", "%d comments", n); got != want[1] {
			t.Errorf("German, %d: got %q, want %q", n, got, want[1])
		}
	}
	if got, want := PluralForms("ar"), []string{"zero", "one", "two", "few", "many", "other"}; len(got) != len(want) {
		t.Errorf("Arabic's plural forms are %v, want %v", got, want)
	}
	if got := PluralForms("fr"); len(got) != 2 || got[0] != "one" || got[1] != "other" {
		t.Errorf("French's plural forms are %v, want [one other]", got)
	}
}

func mustMatch(t *testing.T, tag string) *Locale {
	t.Helper()
	l, ok := Match(tag)
	if !ok {
		t.Fatalf("no catalog for %s", tag)
	}
	return l
}

// TestTranslateFormatsValuesInTheLanguage: a message is translated and its
// values put where the translation says; one no catalog has is shown as
// it is; a plural not catalogued yet still gets its English plural.
func TestTranslateFormatsValuesInTheLanguage(t *testing.T) {
	fr := mustMatch(t, "fr")
	if got, want := fr.T("Leave a Reply"), "Laisser un commentaire"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := fr.T("Comment page %d of %d", 2, 3), "Page de commentaires 2 sur 3"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := fr.T("Nobody has translated %s.", "this"), "Nobody has translated this."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := fr.T("Edit: 50% off, 100%d sure"), "Edit: 50% off, 100%d sure"; got != want {
		t.Errorf("text that is no message: got %q, want it as it is", got)
	}
	if got, want := fr.N("%d new thing", "%d new things", 2), "2 new things"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := fr.Number(1234567), "1\u00a0234\u00a0567"; got != want {
		t.Errorf("French 1234567 = %q, want %q", got, want)
	}
}

// TestDatesInEachLanguage: month names, patterns, clocks and digits are
// the language's.
func TestDatesInEachLanguage(t *testing.T) {
	at := time.Date(2026, time.March, 4, 17, 5, 0, 0, time.FixedZone("CET", 3600))
	for _, tc := range []struct{ lang, date, dateTime, monthYear string }{
		{"en", "4 March 2026", "4 March 2026, 17:05 CET", "March 2026"},
		{"de", "4. März 2026", "4. März 2026, 17:05 CET", "März 2026"},
		{"fr", "4 mars 2026", "4 mars 2026 à 17:05 CET", "mars 2026"},
		{"es", "4 de marzo de 2026", "4 de marzo de 2026, 17:05 CET", "marzo de 2026"},
		{"ar", "٤ مارس ٢٠٢٦", "٤ مارس ٢٠٢٦، ٥:٠٥ م CET", "مارس ٢٠٢٦"},
	} {
		l := mustMatch(t, tc.lang)
		if got := l.Date(at); got != tc.date {
			t.Errorf("%s date: got %q, want %q", tc.lang, got, tc.date)
		}
		if got := l.DateTime(at); got != tc.dateTime {
			t.Errorf("%s dateTime: got %q, want %q", tc.lang, got, tc.dateTime)
		}
		if got := l.MonthYear(2026, time.March); got != tc.monthYear {
			t.Errorf("%s monthYear: got %q, want %q", tc.lang, got, tc.monthYear)
		}
	}
	en := Default()
	if got, want := en.Format("EEEE d MMM yyyy, hh:mm a 'o''clock'", at), "Wednesday 4 Mar 2026, 05:05 PM o'clock"; got != want {
		t.Errorf("pattern: got %q, want %q", got, want)
	}
}

// TestDirection: scripts written from right to left are rtl, whether or
// not Masthead has a catalog for the language.
func TestDirection(t *testing.T) {
	for tag, want := range map[string]string{"ar": "rtl", "ar-EG": "rtl", "he": "rtl", "fa": "rtl", "ur": "rtl",
		"en": "ltr", "de-AT": "ltr", "sr-Latn": "ltr", "": "ltr", "zz zz": "ltr"} {
		if got := Direction(tag); got != want {
			t.Errorf("Direction(%q) = %q, want %q", tag, got, want)
		}
	}
	if mustMatch(t, "ar").Dir() != "rtl" || Default().Dir() != "ltr" {
		t.Error("the Arabic locale is not rtl, or English is not ltr")
	}
}

// TestPlainMessagesAreTranslatedOnce: a catalogued message without
// arguments is translated once per language and then costs nothing, and
// each language keeps its own translation.
func TestPlainMessagesAreTranslatedOnce(t *testing.T) {
	fr, de := mustMatch(t, "fr"), mustMatch(t, "de")
	for range 2 {
		if got, want := fr.T("Leave a Reply"), "Laisser un commentaire"; got != want {
			t.Errorf("French: got %q, want %q", got, want)
		}
		if got, want := de.T("Leave a Reply"), "Schreibe einen Kommentar"; got != want {
			t.Errorf("German: got %q, want %q", got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { fr.T("Leave a Reply") }); n != 0 {
		t.Errorf("a translated message costs %v allocations each time, want none", n)
	}
}
