package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// Markers around the section of BENCHMARKS.md that -write replaces.
const (
	sectionStart = "<!-- bench/site: start -->"
	sectionEnd   = "<!-- bench/site: end -->"
)

// markdown writes the report as a BENCHMARKS.md section.
func (r *report) markdown() string {
	var b strings.Builder
	m := r.Machine
	o := r.Options
	fmt.Fprintf(&b, "## %s, the site benchmark (bench/site)\n\n", r.Started.Format("2006-01-02"))
	fmt.Fprintf(&b, "Machine: %d cores (%s), %.0f GiB, Linux %s, Go %s, nginx %s, wrk %s; shared with other engineers' "+
		"work, with a one-minute load average of %s before the run and %s after it, so single figures are noisy: "+
		"compare ratios within the run. wrk runs with 1 thread and %d connections on the same cores as the server it "+
		"loads; each figure is the median of %d round(s) of %s, comment posts for %s. Command: `go run ./bench/site -sizes %s "+
		"-duration %s -rounds %d -post-duration %s`.\n\n",
		m.Cores, m.CPU, m.MemoryGiB, m.Kernel, m.Go, m.Nginx, m.Wrk, m.LoadBefore, m.LoadAfter,
		o.Connections, o.Rounds, o.Duration, o.PostDuration, joinInts(o.Sizes), o.Duration, o.Rounds, o.PostDuration)
	b.WriteString("req/s counts answers of 2xx and 3xx; errors are failed connections, timeouts (10 s) and other " +
		"answers, such as the 503s of a server shedding load, whose times are among the latencies.\n\n")
	if !r.PageCache {
		b.WriteString("Page cache: not available in this build (`masthead serve --help` lists no `--page-cache`), so every " +
			"page is rendered from the database; the cache on/off columns wait for it.\n\n")
	}
	for _, s := range r.Sizes {
		f := s.Fill
		if f == nil {
			fmt.Fprintf(&b, "### %s articles\n\nThe fill failed: %s\n\n", thousands(s.Plan.Articles), s.Failed)
			continue
		}
		fmt.Fprintf(&b, "### %s articles, %s comments\n\n", thousands(f.Articles), thousands(f.Comments))
		if s.Failed != "" {
			fmt.Fprintf(&b, "The run stopped early: %s\n\n", firstLine(s.Failed))
		}
		fmt.Fprintf(&b, "Fill: %s (%s articles/s with their comments), %s of processor time on all cores, through `Store.BulkLoad`, "+
			"search index, comment counts and indexes included; database %s MB.\n\n",
			seconds(f.Elapsed), thousands(int(float64(f.Articles)/f.Elapsed.Seconds())), seconds(f.CPU), thousands(int(s.DBBytes>>20)))
		b.WriteString("| load | server | page bytes | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |\n")
		b.WriteString("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, md := range s.Modes {
			for _, l := range md.Loads {
				if l.Failed != "" {
					fmt.Fprintf(&b, "| %s | %s | | not loaded: %s | | | | | |\n", l.Name, md.Name, l.Failed)
					continue
				}
				row(&b, l.Name, md.Name, l.Bytes, l.Result)
			}
		}
		for _, md := range s.Modes {
			beside := ""
			if len(s.Modes) > 1 {
				beside = " (beside " + md.Name + ")"
			}
			row(&b, "same article bytes", "nginx, static file"+beside, md.ArticleBytes, md.Nginx)
			row(&b, "same article bytes", "minimal Go handler"+beside, md.ArticleBytes, md.GoHandler)
		}
		b.WriteString("\n| server | cold start ms | peak RSS MB | article / nginx | article / Go handler | comment posts accepted/s | posts stored / acknowledged | post errors |\n")
		b.WriteString("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
		for _, md := range s.Modes {
			fmt.Fprintf(&b, "| %s | %s | %.0f | %s | %s | %.0f | %d / %d | %d |\n", md.Name, ms(md.ColdStart),
				float64(md.PeakRSS)/(1<<20), ratio(md.RatioTo(md.Nginx)), ratio(md.RatioTo(md.GoHandler)),
				float64(md.Posts.Accepted)/md.Posts.Elapsed.Seconds(), md.StoredPosts, md.Posts.Accepted, md.Posts.Errors)
		}
		for _, md := range s.Modes {
			if md.Posts != nil && md.PostTokens > 0 && md.Posts.Accepted+md.Posts.Errors >= md.PostTokens && r.Options.PostBudget == 0 {
				fmt.Fprintf(&b, "\n%s used all %s reader tokens before the posts' time was up, so its rate is a lower bound.\n",
					md.Name, thousands(md.PostTokens))
			}
		}
		b.WriteString("\n")
	}
	if targets := r.targets(); len(targets) > 0 {
		b.WriteString("Against the targets of the speed issue:\n\n")
		for _, t := range targets {
			b.WriteString("- " + t + "\n")
		}
		b.WriteString("\n")
	}
	return b.String()
}

func row(b *strings.Builder, load, server string, bytes int, r *wrkResult) {
	if r == nil {
		return
	}
	fmt.Fprintf(b, "| %s | %s | %s | %.0f | %s | %s | %s | %s | %d |\n", load, server, thousands(bytes), r.RPS(),
		ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max), r.Errors)
}

// targets compares the figures with the speed issue's targets, for the
// sizes this run measured.
func (r *report) targets() []string {
	var out []string
	verdict := func(ok bool) string {
		if ok {
			return "met"
		}
		return "not met"
	}
	// uncached is the mode without a page cache: "cache off", or the only
	// mode of a build without one.
	uncached := func(s *sizeReport) *modeReport { return s.Modes[len(s.Modes)-1] }
	load := func(m *modeReport, name string) *loadReport {
		if l := loadNamed(m, name); l != nil && l.Result != nil {
			return l
		}
		return &loadReport{Result: &wrkResult{}}
	}
	for _, s := range r.Sizes {
		if s.Failed != "" || len(s.Modes) == 0 {
			continue
		}
		n := thousands(s.Fill.Articles)
		first := s.Modes[0]
		if r.PageCache {
			out = append(out, fmt.Sprintf("cached article ≥ 0.9 × the Go handler and ≥ 0.8 × nginx (%s articles): %s and %s, %s",
				n, ratio(first.RatioTo(first.GoHandler)), ratio(first.RatioTo(first.Nginx)),
				verdict(first.RatioTo(first.GoHandler) >= 0.9 && first.RatioTo(first.Nginx) >= 0.8)))
		} else {
			out = append(out, fmt.Sprintf("cached article ≥ 0.9 × the Go handler and ≥ 0.8 × nginx (%s articles): no page cache in this build; uncached %s and %s",
				n, ratio(first.RatioTo(first.GoHandler)), ratio(first.RatioTo(first.Nginx))))
		}
		u := uncached(s)
		big := load(u, longThreadLoad)
		if alone := loadNamed(u, longThreadLoad+oneAtATime); alone != nil && measured(alone) {
			// A page's own time is the one-at-a-time run's; at 32
			// connections the latency is mostly the queue.
			out = append(out, fmt.Sprintf("the 10,000-comment article uncached < 20 ms and < 200 KB (%s articles): p95 %s ms one request at a time (p50 %s ms at %d connections), %s KB, %s",
				n, ms(alone.Result.P95), ms(big.Result.P50), r.Options.Connections, thousands(big.Bytes>>10),
				verdict(alone.Result.P95 < 20*time.Millisecond && big.Bytes < 200<<10)))
		} else {
			out = append(out, fmt.Sprintf("the 10,000-comment article uncached < 20 ms and < 200 KB (%s articles): p50 %s ms, %s KB, %s",
				n, ms(big.Result.P50), thousands(big.Bytes>>10), verdict(measured(big) && big.Result.P50 < 20*time.Millisecond && big.Bytes < 200<<10)))
		}
		posts := float64(u.Posts.Accepted) / u.Posts.Elapsed.Seconds()
		out = append(out, fmt.Sprintf("comment posts ≥ 1,000/s for 60 s (%s articles, %s of posting): %.0f/s, %s",
			n, r.Options.PostDuration, posts, verdict(posts >= 1000 && r.Options.PostDuration >= time.Minute)))
		if s.Fill.Articles == 100000 {
			random := load(u, archiveLoad)
			out = append(out, fmt.Sprintf("uncached article at 100,000 articles ≥ 3,000 req/s at %d connections: %.0f, %s",
				r.Options.Connections, random.Result.RPS(), verdict(measured(random) && random.Result.RPS() >= 3000)))
			search := load(u, searchLoad)
			if alone := loadNamed(u, searchLoad+oneAtATime); alone != nil && measured(alone) && measured(search) {
				p95 := func(l *loadReport) string {
					return ms(l.Result.P95) + " ms, " + verdict(l.Result.P95 < 25*time.Millisecond)
				}
				out = append(out, fmt.Sprintf("search at 100,000 articles p95 < 25 ms: uncached %s one request at a time; uncached at %d connections %s; cached at %d connections %s",
					p95(alone), r.Options.Connections, p95(search), r.Options.Connections, p95(load(first, searchLoad))))
			} else if measured(search) {
				out = append(out, fmt.Sprintf("search at 100,000 articles p95 < 25 ms: %s ms, %s", ms(search.Result.P95),
					verdict(search.Result.P95 < 25*time.Millisecond)))
			} else {
				out = append(out, "search at 100,000 articles p95 < 25 ms: no answer to measure, not met")
			}
			out = append(out, fmt.Sprintf("cold start at 100,000 articles < 300 ms: %s ms, %s", ms(first.ColdStart),
				verdict(first.ColdStart < 300*time.Millisecond)))
		}
		if s.Fill.Articles == 1000000 {
			var rss int64
			for _, m := range s.Modes {
				rss = max(rss, m.PeakRSS)
			}
			out = append(out, fmt.Sprintf("RSS < 150 MB serving 1,000,000 articles: %.0f MB, %s", float64(rss)/(1<<20), verdict(rss < 150<<20)))
			out = append(out, fmt.Sprintf("fill of 1,000,000 articles and 10,000,000 comments < 10 minutes: %s, %s",
				seconds(s.Fill.Elapsed), verdict(s.Fill.Elapsed < 10*time.Minute)))
		}
	}
	// The largest site's random-article latency against the smallest's.
	if small, large := r.Sizes[0], r.Sizes[len(r.Sizes)-1]; len(r.Sizes) > 1 && small.Failed == "" && large.Failed == "" {
		a, b := load(uncached(small), archiveLoad).Result, load(uncached(large), archiveLoad).Result
		if a.P50 > 0 {
			out = append(out, fmt.Sprintf("uncached article latency at %s articles within 1.5 × that at %s, random over each whole archive (target for 1,000,000 against 1,000): p50 %s ms against %s ms, %.2f ×",
				thousands(large.Fill.Articles), thousands(small.Fill.Articles), ms(b.P50), ms(a.P50), float64(b.P50)/float64(a.P50)))
		}
		// The same number of articles loaded at both sizes: what grows
		// with the archive itself, apart from the share of it that the
		// system's file cache holds. The smallest site's whole archive is
		// its set when it is no larger.
		same := load(uncached(small), fixedSetLoad).Result
		if small.Fill.Articles <= fixedSetSize {
			same = a
		}
		if c := load(uncached(large), fixedSetLoad).Result; same.P50 > 0 && c.P50 > 0 {
			out = append(out, fmt.Sprintf("uncached article latency at %s articles within 1.5 × that at %s, %s articles loaded at each: p50 %s ms against %s ms, %.2f ×, %s",
				thousands(large.Fill.Articles), thousands(small.Fill.Articles), thousands(fixedSetSize), ms(c.P50), ms(same.P50),
				float64(c.P50)/float64(same.P50), verdict(float64(c.P50) <= 1.5*float64(same.P50))))
		}
	}
	return out
}

// writeSection puts md into the file between the markers, replacing what
// was there, or before the first dated section when there are none yet.
func writeSection(file, md string) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	text := string(b)
	block := sectionStart + "\n" + md + sectionEnd + "\n"
	if i, j := strings.Index(text, sectionStart), strings.Index(text, sectionEnd); i >= 0 && j > i {
		text = text[:i] + block + strings.TrimPrefix(text[j+len(sectionEnd):], "\n")
	} else if i := strings.Index(text, "\n## "); i >= 0 {
		text = text[:i+1] + block + "\n" + text[i+1:]
	} else {
		text += "\n" + block
	}
	return os.WriteFile(file, []byte(text), 0o644)
}

// measured reports whether a load got answers to count: a page that
// never answered in time has no latency to compare.
func measured(l *loadReport) bool { return l.Result != nil && l.Result.Requests > 0 }

// firstLine is an error message without the server log that follows it.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// ratio writes a ratio with two decimals, or three significant digits
// when it is small, so that 0.004 does not read as nothing.
func ratio(r float64) string {
	if r >= 0.1 || r == 0 {
		return fmt.Sprintf("%.2f", r)
	}
	return fmt.Sprintf("%.3g", r)
}

// ms writes a duration in milliseconds with two decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }

// seconds writes a duration as seconds, or minutes and seconds.
func seconds(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%d min %02d s", int(d.Minutes()), int(d.Seconds())%60)
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func joinInts(v []int) string {
	s := make([]string, len(v))
	for i, n := range v {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ",")
}
