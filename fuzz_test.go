package masthead

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileStrings are the attack strings of the trust review, seeded into
// every fuzzer of this package so that the normal suite runs them.
var hostileStrings = []string{
	"", "/", "//evil.example/x", "/%5Cevil.example/x", "/%09/evil.example/x", "/\\evil.example/x",
	"/\t/evil.example/x", "\\\\evil.example", "https://evil.example/", "javascript:alert(1)",
	"GIF89a<script>alert(1)</script>", "a\x00b", "\u202eevil\u202c", "\u2066x\u2069", "9223372036854775807",
	"-9223372036854775808", "\xff\xfe", "/a/../../b", "/./", "/%2F%2Fevil.example", "/\u3000/evil.example",
	"Straße in Łódź", "Editor’s note", strings.Repeat("a-", 200),
}

// FuzzSlugify checks that whatever a title holds, its slug is valid or
// empty, and that slugifying a slug leaves it as it is: a slug made twice
// never moves an address.
func FuzzSlugify(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		slug := Slugify(title)
		if slug != "" && !ValidSlug(slug) {
			t.Fatalf("Slugify(%q) = %q, which is not a valid slug", title, slug)
		}
		if again := Slugify(slug); again != slug {
			t.Fatalf("Slugify(%q) = %q, but Slugify(%q) = %q", title, slug, slug, again)
		}
		if ValidSlug(title) && slug != title {
			t.Fatalf("the valid slug %q became %q", title, slug)
		}
		for n := 1; n < 4 && slug != ""; n++ {
			if numbered := NumberedSlug(slug, n*1000); !ValidSlug(numbered) {
				t.Fatalf("NumberedSlug(%q, %d) = %q, which is not a valid slug", slug, n*1000, numbered)
			}
		}
	})
}

// FuzzIsSitePath checks the promise every redirect rests on: a path it
// accepts, resolved against the site by net/url as a client would, stays
// on the site, and keeps nothing a browser reads differently (a
// backslash, a control character) that could take it elsewhere.
func FuzzIsSitePath(f *testing.F) {
	for _, s := range hostileStrings {
		f.Add(s)
	}
	base, err := url.Parse("https://site.example/")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if !IsSitePath(p) {
			return
		}
		if strings.ContainsAny(p, "\\\t\r\n\x00") {
			t.Fatalf("IsSitePath accepts %q, which holds a character browsers read as something else", p)
		}
		// The path as a Location header carries it: escaped, so that %
		// and ? in a stored path stay part of the path.
		ref, err := url.Parse((&url.URL{Path: p}).EscapedPath())
		if err != nil {
			t.Fatalf("IsSitePath accepts %q, which does not escape into a URL: %v", p, err)
		}
		if got := base.ResolveReference(ref); got.Host != "site.example" || got.Scheme != "https" {
			t.Fatalf("IsSitePath accepts %q, which leads to %s", p, got)
		}
		// A raw path taken as it is, as the trailing-slash redirect
		// passes what the client escaped, stays on the site too.
		if ref, err := url.Parse(p); err == nil && utf8.ValidString(p) {
			if got := base.ResolveReference(ref); got.Host != "site.example" {
				t.Fatalf("IsSitePath accepts %q, which as a raw reference leads to %s", p, got)
			}
		}
	})
}
