package main

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"masthead"
	"masthead/content"
)

// TestMain lets the test binary serve as the minimal Go handler, as the
// benchmark starts itself again for it.
func TestMain(m *testing.M) {
	if served, err := referenceMode(); served {
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

// TestSmoke runs the whole benchmark on a site of 1,000 articles with a
// second of load per run, and checks that it measured what it says, not
// how fast: the fill stored every article and comment, every request was
// answered without an error, the comment posts stored exactly as many
// comments as were acknowledged, and the ratios to nginx and the Go
// handler were computed.
func TestSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("the site benchmark's smoke run takes half a minute")
	}
	if missing := missingTools(); len(missing) > 0 {
		if os.Getenv("MASTHEAD_REQUIRE_TOOLS") == "1" {
			t.Fatalf("the site benchmark needs %v, which scripts/test installs", missing)
		}
		t.Skipf("the site benchmark needs %v; scripts/test installs them on Debian", missing)
	}
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// The posts get far longer than 50 need, so that on a busy machine
	// none is still in flight when the run ends: one stored but never
	// acknowledged would fail the count below.
	const budget = 50
	rep, err := run(ctx, options{Root: root, Sizes: []int{1000}, Duration: time.Second, PostDuration: 20 * time.Second,
		Rounds: 1, Connections: 4, PostBudget: budget})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sizes) != 1 {
		t.Fatalf("%d sizes reported, want 1", len(rep.Sizes))
	}
	s := rep.Sizes[0]
	if s.Failed != "" {
		t.Fatalf("the run failed: %s", s.Failed)
	}
	// Two articles of 1,000 have their own threads: the long one, and the
	// one posted to, which starts empty; the rest have 10 on average.
	wantComments := 10*(1000-2) + 10000
	if s.Fill.Articles != 1000 || s.StoredArticles != 1000 {
		t.Errorf("articles: filled %d, stored %d, want 1000", s.Fill.Articles, s.StoredArticles)
	}
	if s.Fill.Comments != wantComments || s.StoredComments != wantComments {
		t.Errorf("comments: filled %d, stored %d, want %d", s.Fill.Comments, s.StoredComments, wantComments)
	}
	if s.DBBytes <= 0 || s.Fill.Elapsed <= 0 || s.Fill.CPU <= 0 {
		t.Errorf("database size %d, fill time %s and its processor time %s, want all measured", s.DBBytes, s.Fill.Elapsed, s.Fill.CPU)
	}
	wantModes := 1
	if rep.PageCache {
		wantModes = 2
	}
	if len(s.Modes) != wantModes {
		t.Fatalf("%d modes, want %d", len(s.Modes), wantModes)
	}
	for _, m := range s.Modes {
		// Seven under load, and the long thread and the searches one
		// request at a time.
		if len(m.Loads) != 9 {
			t.Errorf("%s: %d loads, want 9", m.Name, len(m.Loads))
		}
		check := func(name string, r *wrkResult) {
			t.Helper()
			if r == nil || r.Requests == 0 || r.Errors != 0 {
				t.Errorf("%s, %s: %+v, want requests and no errors", m.Name, name, r)
			}
		}
		for i, l := range m.Loads {
			// Every address answered 200 before its load (the run fails
			// otherwise); on a busy machine a slow page may see no answer
			// within a second, but never an error.
			if l.Failed != "" || l.Result == nil || l.Result.Errors != 0 {
				t.Errorf("%s, %s: %+v, want no errors", m.Name, l.Name, l.Result)
			}
			if i < 2 {
				check(l.Name, l.Result)
			}
			if l.Bytes == 0 {
				t.Errorf("%s, %s: no page size", m.Name, l.Name)
			}
		}
		check("nginx", m.Nginx)
		check("Go handler", m.GoHandler)
		check("comment posts", m.Posts)
		if m.Posts.Accepted != budget || m.StoredPosts != m.Posts.Accepted {
			t.Errorf("%s: %d comments acknowledged and %d stored, want %d of each", m.Name, m.Posts.Accepted, m.StoredPosts, budget)
		}
		for name, r := range map[string]float64{"nginx": m.RatioTo(m.Nginx), "Go handler": m.RatioTo(m.GoHandler)} {
			if r <= 0 || math.IsInf(r, 0) || math.IsNaN(r) {
				t.Errorf("%s: ratio to %s = %v, want a positive number", m.Name, name, r)
			}
		}
		if m.ColdStart <= 0 || m.PeakRSS <= 0 {
			t.Errorf("%s: cold start %s and peak RSS %d, want both measured", m.Name, m.ColdStart, m.PeakRSS)
		}
	}
	md := rep.markdown()
	for _, want := range []string{"### 1,000 articles", "| same article bytes | nginx, static file", "Against the targets",
		"| article with 10,000 comments, one request at a time |", "uncached < 20 ms and < 200 KB (1,000 articles): p95"} {
		if !strings.Contains(md, want) {
			t.Errorf("the report lacks %q:\n%s", want, md)
		}
	}
}

// TestWriteSection puts the report between its markers before the first
// dated section, then replaces it there, leaving the rest of the file as
// it was.
func TestWriteSection(t *testing.T) {
	file := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	intro := "# Benchmarks\n\nHow to run them.\n"
	older := "## 2026-11-26, an older run\n\nFigures.\n"
	if err := os.WriteFile(file, []byte(intro+"\n"+older), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, md := range []string{"## first\n\nOne.\n", "## second\n\nTwo.\n"} {
		if err := writeSection(file, md); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		want := intro + "\n" + sectionStart + "\n" + md + sectionEnd + "\n\n" + older
		if got := string(b); got != want {
			t.Errorf("after writing %q:\n%s\nwant:\n%s", md, got, want)
		}
	}
}

// TestParseWrk reads the line the load scripts print.
func TestParseWrk(t *testing.T) {
	out := "Running 1s test @ http://127.0.0.1:1\n" +
		"BENCH requests=1200 duration_us=2000000 connect=1 read=2 write=0 status=3 timeout=4 p50=1500 p95=2500 p99=9000 max=12000 accepted=7\n"
	got, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	want := wrkResult{Requests: 1200, Elapsed: 2 * time.Second, Errors: 10, Refused: 3, P50: 1500 * time.Microsecond,
		P95: 2500 * time.Microsecond, P99: 9 * time.Millisecond, Max: 12 * time.Millisecond, Accepted: 7}
	if *got != want {
		t.Errorf("parseWrk = %+v, want %+v", *got, want)
	}
	if got.RPS() != 598.5 { // the 3 refused answers are not counted
		t.Errorf("RPS = %v, want 598.5", got.RPS())
	}
	if _, err := parseWrk("wrk: connection refused\n"); err == nil {
		t.Error("parseWrk accepted output without a result line")
	}
}

// TestPooledBodies checks that a body made of pooled blocks has the HTML
// and excerpt that content.PrepareArticle gives its Markdown, so that the
// filled site is one the newsroom could have written; that bodies are 3 to
// 6 KB; and that articles do not repeat one another.
func TestPooledBodies(t *testing.T) {
	g := newGenerator(1, time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	g.sections = []*masthead.Category{{ID: 1, Name: "Harbour", Slug: "harbour"}}
	g.authors = []*masthead.Author{{ID: 1, Name: "Ana Lima", Slug: "ana-lima"}}
	g.tags = []*masthead.Tag{{ID: 1, Name: "ferry", Slug: "ferry"}}
	var err error
	if g.pool, err = newBlockPool(g); err != nil {
		t.Fatal(err)
	}
	bodies := map[string]bool{}
	earlier := ""
	for i := range 300 {
		a, err := g.article(i, g.now.Add(-time.Duration(i)*interval), earlier)
		if err != nil {
			t.Fatal(err)
		}
		earlier = a.Path(g.loc)
		if n := len(a.BodySource); n < 3000 || n > 7000 {
			t.Errorf("article %d: a body of %d bytes, want 3 to 6 KB", i, n)
		}
		want := &masthead.Article{Headline: a.Headline, Slug: a.Slug, BodySource: a.BodySource}
		if err := content.PrepareArticle(want); err != nil {
			t.Fatal(err)
		}
		if a.BodyHTML != want.BodyHTML {
			t.Fatalf("article %d: the pooled HTML differs from the rendered one:\n%s\nwant:\n%s", i, a.BodyHTML, want.BodyHTML)
		}
		if a.Excerpt != want.Excerpt || !a.ExcerptGenerated {
			t.Errorf("article %d: excerpt %q (generated %t), want %q, generated", i, a.Excerpt, a.ExcerptGenerated, want.Excerpt)
		}
		if bodies[a.BodySource] {
			t.Errorf("article %d repeats an earlier body", i)
		}
		bodies[a.BodySource] = true
	}
}

// TestArchiveNeedsNoRetention: the generated archive is what a site that
// runs its retention job with the default settings would hold, so that
// serving it does not start by rewriting most of its comments.
func TestArchiveNeedsNoRetention(t *testing.T) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	g := newGenerator(1, now)
	spam, recentNetworks := 0, 0
	for _, days := range []int{1, 20, 60, 200, 2000} {
		a := &masthead.Article{ID: int64(days), PublishedAt: now.Add(-time.Duration(days) * 24 * time.Hour)}
		for _, b := range g.comments(a, 400) {
			c := b.Comment
			age := now.Sub(c.CreatedAt)
			if c.IP != "" {
				recentNetworks++
				if age > masthead.DefaultRetainNetworksDays*24*time.Hour {
					t.Fatalf("a comment %s old keeps its network", age)
				}
			}
			if c.Status == masthead.CommentSpam {
				spam++
				if age > masthead.DefaultRetainSpamDays*24*time.Hour {
					t.Fatalf("spam %s old is kept", age)
				}
			}
		}
	}
	if spam == 0 || recentNetworks == 0 {
		t.Fatalf("recent comments lost their spam (%d) or networks (%d) too", spam, recentNetworks)
	}
}

func TestFixedSetIsDistinctAndDrawnFromTheWholeArchive(t *testing.T) {
	paths := make([]string, 5000)
	for i := range paths {
		paths[i] = fmt.Sprintf("/a/%d/", i)
	}
	set := distinctAtRandom(rand.New(rand.NewPCG(2, 3)), paths, fixedSetSize)
	if len(set) != fixedSetSize {
		t.Fatalf("%d addresses, want %d", len(set), fixedSetSize)
	}
	seen := map[string]bool{}
	beyond := 0 // addresses past the first fixedSetSize, newest first
	for _, p := range set {
		if seen[p] {
			t.Fatalf("%s drawn twice", p)
		}
		seen[p] = true
		if n, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(p, "/a/"), "/")); n >= fixedSetSize {
			beyond++
		}
	}
	if beyond < fixedSetSize/2 {
		t.Fatalf("only %d of %d addresses beyond the newest %d: not drawn from the whole archive", beyond, fixedSetSize, fixedSetSize)
	}
}

// TestTargetsCompareEachLoadByItsName checks the 1.5 × lines: the
// whole-archive one and the fixed set's, each read by its own name, the
// smallest site's whole archive standing for its set.
func TestTargetsCompareEachLoadByItsName(t *testing.T) {
	mode := func(loads ...*loadReport) *modeReport {
		return &modeReport{Name: "Masthead", Loads: loads, Posts: &wrkResult{Elapsed: time.Second}}
	}
	result := func(p50 time.Duration) *wrkResult { return &wrkResult{P50: p50, Elapsed: time.Second} }
	r := &report{Options: options{Connections: 32, PostDuration: time.Minute}, Sizes: []*sizeReport{
		{Fill: &fillResult{Articles: 1000}, Modes: []*modeReport{mode(
			&loadReport{Name: archiveLoad, Result: result(10 * time.Millisecond)})}},
		{Fill: &fillResult{Articles: 1000000}, Modes: []*modeReport{mode(
			&loadReport{Name: fixedSetLoad, Result: result(12 * time.Millisecond)},
			&loadReport{Name: archiveLoad, Result: result(30 * time.Millisecond)})}},
	}}
	lines := strings.Join(r.targets(), "\n")
	for _, want := range []string{
		"random over each whole archive (target for 1,000,000 against 1,000): p50 30.00 ms against 10.00 ms, 3.00 ×",
		"1,000 articles loaded at each: p50 12.00 ms against 10.00 ms, 1.20 ×, met",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("targets lack %q:\n%s", want, lines)
		}
	}
}
