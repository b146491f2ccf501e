// Package i18n holds the languages Masthead's interface speaks: one
// message catalog per language, embedded, keyed by the English sentence,
// with CLDR plural forms, and the names and patterns dates are written
// with. Templates, handlers and the rules' error messages are translated
// through it at render time; the rules themselves stay in English.
//
// Messages are formatted by golang.org/x/text/message, which gives each
// language its digits and separators and its CLDR plural rules. x/text has
// no CLDR date formatting, so month and day names and the date patterns
// are in the catalogs too.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

//go:embed catalogs/*.json
var catalogFS embed.FS

// English is the language every message key is written in, and the one an
// unknown language falls back to.
const English = "en"

// A Catalog is one language's file: its messages and the way it writes
// dates. It is what a translator edits, as JSON.
type Catalog struct {
	// Language is the BCP 47 tag of the language, e.g. "de".
	Language string `json:"language"`
	// Name is the language's name in itself, for choosing it in a list.
	Name  string `json:"name"`
	Dates Dates  `json:"dates"`
	// Messages maps each English message to its translation: a string,
	// or, for a message with a count, an object of the language's CLDR
	// plural forms ("zero", "one", "two", "few", "many", "other").
	Messages map[string]Message `json:"messages"`
}

// A Message is one translation: Text, or the plural Forms of a message
// that counts something.
type Message struct {
	Text  string
	Forms map[string]string
}

// UnmarshalJSON reads a message written as a string or as an object of
// plural forms.
func (m *Message) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		return json.Unmarshal(b, &m.Forms)
	}
	return json.Unmarshal(b, &m.Text)
}

// MarshalJSON writes a message as it is read.
func (m Message) MarshalJSON() ([]byte, error) {
	if m.Forms != nil {
		return json.Marshal(m.Forms)
	}
	return json.Marshal(m.Text)
}

// pluralForms are the CLDR plural categories, in CLDR's order.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// formNames names x/text's plural forms as the catalogs do.
var formNames = map[plural.Form]string{
	plural.Zero: "zero", plural.One: "one", plural.Two: "two",
	plural.Few: "few", plural.Many: "many", plural.Other: "other",
}

// PluralForms lists the plural forms a language needs for whole numbers,
// in CLDR's order: "one" and "other" for English, German, French and
// Spanish; all six for Arabic.
func PluralForms(lang string) []string {
	tag := language.Make(lang)
	seen := map[string]bool{}
	for n := 0; n <= 1000; n++ {
		seen[formNames[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]] = true
	}
	var out []string
	for _, f := range pluralForms {
		if seen[f] {
			out = append(out, f)
		}
	}
	return out
}

// A Locale translates and formats for one language.
type Locale struct {
	tag     language.Tag
	catalog *Catalog
	printer *message.Printer
	english *Catalog // the keys every catalog is checked against
	digits  [10]string
	dir     string
	// plain holds the translations of catalogued messages without
	// arguments, made once: x/text builds a printer state per Sprintf,
	// which was most of what an article page's labels cost.
	plain sync.Map // key → string
}

// library is every catalog, read once.
var library = sync.OnceValues(loadCatalogs)

// catalogs holds the parsed catalogs and a locale for each language.
type catalogs struct {
	locales map[string]*Locale
	tags    []language.Tag // English first, the matcher's default
	matcher language.Matcher
}

// loadCatalogs reads every embedded catalog, fills what a translation
// lacks with English, and builds a locale for each language.
func loadCatalogs() (*catalogs, error) {
	files, err := fs.Glob(catalogFS, "catalogs/*.json")
	if err != nil {
		return nil, err
	}
	read := map[string]*Catalog{}
	for _, f := range files {
		c, err := readCatalog(f)
		if err != nil {
			return nil, err
		}
		read[c.Language] = c
	}
	en := read[English]
	if en == nil {
		return nil, fmt.Errorf("The English catalog is missing.")
	}
	names := make([]string, 0, len(read))
	for lang := range read {
		if lang != English {
			names = append(names, lang)
		}
	}
	slices.Sort(names)
	names = append([]string{English}, names...)
	out := &catalogs{locales: map[string]*Locale{}}
	builder := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, lang := range names {
		c := read[lang]
		tag := language.Make(lang)
		out.tags = append(out.tags, tag)
		for key, m := range en.Messages {
			if own, ok := c.Messages[key]; ok {
				m = own
			}
			if err := setMessage(builder, tag, key, m); err != nil {
				return nil, fmt.Errorf("The %s catalog's message %q cannot be used: %w", lang, key, err)
			}
		}
		l := &Locale{tag: tag, catalog: c, english: en, printer: message.NewPrinter(tag, message.Catalog(builder)), dir: Direction(lang)}
		for d := range l.digits {
			l.digits[d] = l.printer.Sprint(d)
		}
		out.locales[lang] = l
	}
	out.matcher = language.NewMatcher(out.tags)
	return out, nil
}

// readCatalog reads and checks one catalog file.
func readCatalog(name string) (*Catalog, error) {
	b, err := catalogFS.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var c Catalog
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("The catalog %s is not valid JSON: %w.", name, err)
	}
	if want := strings.TrimSuffix(path.Base(name), ".json"); c.Language != want {
		return nil, fmt.Errorf("The catalog %s says it is for %q; a catalog is named after its language.", name, c.Language)
	}
	if err := c.Dates.check(); err != nil {
		return nil, fmt.Errorf("The catalog %s cannot be used: %w", name, err)
	}
	return &c, nil
}

// setMessage adds one message to the builder: a string, or a choice among
// plural forms by the message's first argument.
func setMessage(b *catalog.Builder, tag language.Tag, key string, m Message) error {
	if m.Forms == nil {
		return b.SetString(tag, key, m.Text)
	}
	var cases []any
	for _, f := range pluralForms {
		if text, ok := m.Forms[f]; ok {
			cases = append(cases, f, text)
		}
	}
	if _, ok := m.Forms["other"]; !ok {
		return fmt.Errorf("it has no \"other\" form")
	}
	return b.Set(tag, key, plural.Selectf(1, "%d", cases...))
}

// Languages lists the languages with a catalog, English first.
func Languages() []string {
	c, err := library()
	if err != nil {
		return []string{English}
	}
	out := make([]string, len(c.tags))
	for i, t := range c.tags {
		out[i] = t.String()
	}
	return out
}

// Catalogs returns every language's catalog as its file says it, for the
// tests that check them against English and the code.
func Catalogs() (map[string]*Catalog, error) {
	c, err := library()
	if err != nil {
		return nil, err
	}
	out := make(map[string]*Catalog, len(c.locales))
	for lang, l := range c.locales {
		out[lang] = l.catalog
	}
	return out, nil
}

// Match returns the locale for a BCP 47 tag, e.g. the site's language
// setting: the language itself, else its base language ("de-AT" is
// German), else English. ok is false when the tag has no catalog and
// English stands in for it, so that the caller can say so.
func Match(tag string) (l *Locale, ok bool) {
	c, err := library()
	if err != nil {
		panic(err) // the catalogs are embedded: a broken one fails every test
	}
	want, err := language.Parse(strings.TrimSpace(tag))
	if err != nil {
		return c.locales[English], false
	}
	_, i, conf := c.matcher.Match(want)
	if conf == language.No {
		return c.locales[English], false
	}
	return c.locales[c.tags[i].String()], true
}

// Default is the English locale.
func Default() *Locale {
	l, _ := Match(English)
	return l
}

// MustLoad reads the catalogs and reports the first that cannot be used.
// The server calls it at start-up, so that a broken catalog stops it.
func MustLoad() error {
	_, err := library()
	return err
}

// Language returns the locale's language tag, e.g. "de".
func (l *Locale) Language() string { return l.tag.String() }

// Dir returns the locale's writing direction, "ltr" or "rtl".
func (l *Locale) Dir() string { return l.dir }

// T translates a message and formats its arguments as fmt would, with
// the language's digits and separators for numbers. A message missing
// from the catalogs is shown as it is, in English.
func (l *Locale) T(key string, args ...any) string {
	if len(args) == 0 {
		if _, ok := l.english.Messages[key]; !ok {
			// Not a message but text, such as a title made of a
			// headline: shown as it is, whatever % it holds.
			return key
		}
		if s, ok := l.plain.Load(key); ok {
			return s.(string)
		}
		s := l.printer.Sprintf(key)
		l.plain.Store(key, s)
		return s
	}
	return l.printer.Sprintf(key, args...)
}

// N translates a message that counts something: count is its first
// argument and chooses the plural form. one and other are the English
// forms, the key (one) and its plural, which the English catalog holds.
func (l *Locale) N(one, other string, count int, args ...any) string {
	args = append([]any{count}, args...)
	if _, ok := l.english.Messages[one]; !ok && count != 1 {
		// A message not catalogued yet still gets its English plural.
		return l.printer.Sprintf(other, args...)
	}
	return l.printer.Sprintf(one, args...)
}

// Forms returns the plural forms of a message that counts something, as
// the locale's catalog has them (English's when it lacks the message),
// keyed by CLDR category: for a script that picks the form itself, with
// Intl.PluralRules. one and other are the English forms, as for N.
func (l *Locale) Forms(one, other string) map[string]string {
	for _, c := range []*Catalog{l.catalog, l.english} {
		if m, ok := c.Messages[one]; ok && m.Forms != nil {
			return m.Forms
		}
	}
	return map[string]string{"one": one, "other": other}
}

// Number writes a whole number with the language's digits and separators.
func (l *Locale) Number(n int) string {
	return l.printer.Sprintf("%d", n)
}

// rtlScripts are the scripts written from right to left.
var rtlScripts = map[string]bool{
	"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true,
	"Adlm": true, "Mand": true, "Samr": true, "Rohg": true, "Yezi": true,
}

// Direction returns the writing direction of a BCP 47 tag's script, "rtl"
// or "ltr", whether or not Masthead has a catalog for it: the content of
// a Hebrew site is right to left even when its interface is English.
func Direction(tag string) string {
	t, err := language.Parse(strings.TrimSpace(tag))
	if err != nil {
		return "ltr"
	}
	if script, _ := t.Script(); rtlScripts[script.String()] {
		return "rtl"
	}
	return "ltr"
}

// Key marks a message that is translated later, where it is shown, and
// returns it unchanged: the catalog test collects the messages given to
// Key, as it does those given to T and N, and fails while one is missing
// from a catalog.
func Key(message string) string { return message }

// A Language is one language with a catalog, for a list to choose from.
type Language struct {
	Tag  string // e.g. "de"
	Name string // the language's name in itself, e.g. "Deutsch"
}

// Names lists the languages with a catalog, English first, each named in
// itself.
func Names() []Language {
	c, err := library()
	if err != nil {
		return []Language{{Tag: English, Name: "English"}}
	}
	out := make([]Language, len(c.tags))
	for i, t := range c.tags {
		out[i] = Language{Tag: t.String(), Name: c.locales[t.String()].catalog.Name}
	}
	return out
}
