package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"masthead"
	"masthead/sqlite"
)

// options are one benchmark run's settings.
type options struct {
	Root     string // the module's directory, where Masthead is built
	Sizes    []int
	Duration time.Duration
	// PostDuration is how long the comment posts run.
	PostDuration time.Duration
	Rounds       int
	Connections  int
	// PostBudget, when not zero, is how many comments the post load sends
	// before it only asks /healthz, so that the stored comments can be
	// compared exactly with the acknowledged ones (the smoke test).
	PostBudget int
	// Keep leaves the sites, scripts and server logs in place afterwards.
	Keep bool
	Log  io.Writer
}

// report is everything a run measured.
type report struct {
	Started   time.Time
	Machine   machine
	PageCache bool // whether the binary has serve --page-cache
	Options   options
	Sizes     []*sizeReport
}

// sizeReport is one site's figures.
type sizeReport struct {
	Plan    fillPlan
	Fill    *fillResult
	DBBytes int64
	// StoredArticles and StoredComments are what the database holds
	// after the fill, counted through the store.
	StoredArticles, StoredComments int
	Modes                          []*modeReport
	// Failed says why the size's run stopped early, if it did.
	Failed string
}

// modeReport is one server configuration's figures (page cache on or off).
type modeReport struct {
	Name      string
	ColdStart time.Duration
	PeakRSS   int64
	Loads     []*loadReport
	// Same article bytes, alternating rounds with Masthead.
	Article, Nginx, GoHandler *wrkResult
	ArticleBytes              int
	// Posts is the comment load, with PostTokens reader tokens;
	// StoredPosts is what the database gained.
	Posts       *wrkResult
	PostTokens  int
	StoredPosts int
}

// loadReport is one kind of request under load.
type loadReport struct {
	Name   string
	Path   string // one address of it, for the reader
	Bytes  int    // the size of that address's page
	Result *wrkResult
	// Failed says why the page was not loaded.
	Failed string
}

// RatioTo returns Masthead's article rate over another server's.
func (m *modeReport) RatioTo(other *wrkResult) float64 {
	if other == nil || other.RPS() == 0 || m.Article == nil {
		return 0
	}
	return m.Article.RPS() / other.RPS()
}

// mode is a way to start the server.
type mode struct {
	name string
	args []string
}

func run(ctx context.Context, opts options) (*report, error) {
	if err := ensureTools(opts.Log); err != nil {
		return nil, err
	}
	rep := &report{Started: time.Now(), Options: opts, Machine: readMachine()}
	work, err := os.MkdirTemp("", "masthead-bench-")
	if err != nil {
		return nil, err
	}
	if opts.Keep {
		logf(opts.Log, "keeping the sites and logs in %s", work)
	} else {
		defer os.RemoveAll(work)
	}
	// nginx's workers, which run as nobody when root starts nginx, must
	// reach the page they serve.
	if err := os.Chmod(work, 0o755); err != nil {
		return nil, err
	}
	bin := filepath.Join(work, "masthead")
	logf(opts.Log, "building masthead")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/masthead")
	build.Dir = opts.Root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build failed: %w: %s", err, out)
	}
	help, _ := exec.CommandContext(ctx, bin, "serve", "--help").CombinedOutput()
	rep.PageCache = bytes.Contains(help, []byte("-page-cache"))
	modes := []mode{{name: "Masthead"}}
	if rep.PageCache {
		modes = []mode{{name: "Masthead, cache on"}, {name: "Masthead, cache off", args: []string{"--page-cache", "0"}}}
	}
	get, post, err := writeScripts(work)
	if err != nil {
		return nil, err
	}
	for _, n := range opts.Sizes {
		// A size that fails is reported with what it measured, and the
		// next size still runs.
		sr, err := benchSize(ctx, opts, work, bin, n, modes, get, post)
		if err != nil {
			sr.Failed = err.Error()
			logf(opts.Log, "%d articles: %v", n, err)
		}
		rep.Sizes = append(rep.Sizes, sr)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	rep.Machine.LoadAfter = loadAverage()
	return rep, nil
}

func logf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, "bench/site: "+format+"\n", args...)
	}
}

// benchSize fills one site and loads it in every mode.
func benchSize(ctx context.Context, opts options, work, bin string, n int, modes []mode, getScript, postScript string) (*sizeReport, error) {
	sr := &sizeReport{Plan: fillPlan{Articles: n, CommentsPerArticle: 10, BigThread: 10000, Seed: 1, Now: time.Now()}}
	dir := filepath.Join(work, fmt.Sprintf("site-%d", n))
	data := filepath.Join(dir, "data")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return sr, err
	}
	logf(opts.Log, "filling a site of %d articles", n)
	store, err := sqlite.Open(ctx, filepath.Join(data, "masthead.db"))
	if err != nil {
		return sr, err
	}
	sr.Fill, err = fill(ctx, store, sr.Plan)
	if err == nil {
		sr.StoredArticles, sr.StoredComments, err = countSite(ctx, store, 0)
	}
	if cerr := store.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return sr, err
	}
	logf(opts.Log, "filled %d articles and %d comments in %s", sr.Fill.Articles, sr.Fill.Comments, sr.Fill.Elapsed.Round(time.Millisecond))
	sr.DBBytes = dirBytes(data, "masthead.db")

	// The load's address lists: a sample of the archive, the searches.
	r := rand.New(rand.NewPCG(2, 3))
	sample := sr.Fill.Paths
	if len(sample) > 100000 {
		sample = make([]string, 100000)
		for i := range sample {
			sample[i] = sr.Fill.Paths[r.IntN(len(sr.Fill.Paths))]
		}
	}
	articles := filepath.Join(dir, "articles.txt")
	searches := filepath.Join(dir, "searches.txt")
	var queries []string
	for _, w := range sr.Fill.SearchWords {
		queries = append(queries, "/search/?q="+w)
	}
	if err := writeLines(articles, sample); err != nil {
		return sr, err
	}
	// A working set of the same size at every size: against the smallest
	// site it shows what a page costs as the archive grows with the
	// system's file cache out of the picture, which the whole-archive
	// load at a million articles (20 GB) is not.
	var fixed string
	if len(sr.Fill.Paths) > fixedSetSize {
		fixed = filepath.Join(dir, "articles-fixed.txt")
		if err := writeLines(fixed, distinctAtRandom(r, sr.Fill.Paths, fixedSetSize)); err != nil {
			return sr, err
		}
	}
	if err := writeLines(searches, queries); err != nil {
		return sr, err
	}
	one := func(name, path string) (string, error) {
		file := filepath.Join(dir, name+".txt")
		return file, writeLines(file, []string{path})
	}

	var nginx, ref *process
	defer func() { nginx.stop(); ref.stop() }()
	stored := 0
	for _, m := range modes {
		mr, err := benchMode(ctx, opts, dir, bin, data, m, sr, getScript, postScript, articles, fixed, searches, one, &nginx, &ref)
		if err != nil {
			return sr, fmt.Errorf("%s: %w", m.name, err)
		}
		// What the posts stored, counted once the server has stopped.
		store, err := sqlite.Open(ctx, filepath.Join(data, "masthead.db"))
		if err != nil {
			return sr, err
		}
		_, total, err := countSite(ctx, store, sr.Fill.PostArticleID)
		store.Close()
		if err != nil {
			return sr, err
		}
		mr.StoredPosts, stored = total-stored, total
		sr.Modes = append(sr.Modes, mr)
	}
	return sr, nil
}

// benchMode starts Masthead one way and runs every load against it. The
// reference servers start on the first mode, with the article's bytes as
// Masthead served them, and serve every later mode too.
func benchMode(ctx context.Context, opts options, dir, bin, data string, m mode, sr *sizeReport, getScript, postScript,
	articles, fixed, searches string, one func(name, path string) (string, error), nginx, ref **process) (*modeReport, error) {
	mr := &modeReport{Name: m.name}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	base := "http://" + addr
	args := append([]string{"serve", "--addr", addr, "--data", data, "--trust-proxy"}, m.args...)
	logf(opts.Log, "%d articles, %s: starting masthead", sr.Fill.Articles, m.name)
	started := time.Now()
	app, err := start("masthead", dir, addr, bin, args...)
	if err != nil {
		return nil, err
	}
	defer app.stop()
	article := sr.Fill.Paths[0]
	if mr.ColdStart, err = waitFor(ctx, app, base+article, started, time.Minute); err != nil {
		return nil, err
	}
	rss := sampleRSS(app.cmd.Process.Pid)

	// Every address of the loads answers 200 before it is loaded, so that
	// the load's count of errors covers the rest. A page that gives no
	// answer within the client's time is not loaded, and the report says
	// so; any answer but 200 ends the run, since the load would measure
	// something else.
	type page struct{ name, path, file string }
	pages := []page{
		{"article (the same one)", article, ""},
		{archiveLoad, "", articles},
		{"home page", "/", ""},
		{"section page", sr.Fill.SectionPath, ""},
		{searchLoad, "", searches},
		{"feed", "/feed/", ""},
		{longThreadLoad, sr.Fill.BigThreadPath, ""},
	}
	if fixed != "" { // a site no larger than the set is all of it
		pages = slices.Insert(pages, 2, page{fixedSetLoad, "", fixed})
	}
	for _, p := range pages {
		paths := []string{p.path}
		if p.file != "" {
			b, err := os.ReadFile(p.file)
			if err != nil {
				return nil, err
			}
			paths = strings.Split(strings.TrimSpace(string(b)), "\n")
			if len(paths) > 5 {
				paths = paths[:5]
			}
		}
		for i, path := range paths {
			status, body, err := get(base + path)
			var timeout interface{ Timeout() bool }
			if errors.As(err, &timeout) && timeout.Timeout() && path != article {
				mr.Loads = append(mr.Loads, &loadReport{Name: p.name, Path: path,
					Failed: fmt.Sprintf("no answer within %s", client.Timeout)})
				break
			}
			if err != nil {
				return nil, err
			}
			if status != 200 {
				return nil, fmt.Errorf("%s answered %d, not 200", path, status)
			}
			if path == article && mr.ArticleBytes == 0 {
				mr.ArticleBytes = len(body)
				if *nginx == nil {
					if *nginx, err = startNginx(ctx, filepath.Join(dir, "nginx"), article, body); err != nil {
						return nil, err
					}
					if *ref, err = startReference(ctx, dir, article, body); err != nil {
						return nil, err
					}
				}
			}
			if i == 0 {
				mr.Loads = append(mr.Loads, &loadReport{Name: p.name, Path: path, Bytes: len(body)})
			}
		}
	}

	cfg := loadConfig{Connections: opts.Connections, Duration: opts.Duration}
	// The same bytes from three servers, rounds alternating so that the
	// machine's noise falls on all of them alike.
	articleFile, err := one("article", article)
	if err != nil {
		return nil, err
	}
	var own, ngx, goh []*wrkResult
	for range opts.Rounds {
		for _, s := range []struct {
			url  string
			runs *[]*wrkResult
		}{{base, &own}, {"http://" + (*nginx).addr, &ngx}, {"http://" + (*ref).addr, &goh}} {
			res, err := runWrk(ctx, cfg, getScript, s.url, articleFile)
			if err != nil {
				return nil, err
			}
			*s.runs = append(*s.runs, res)
		}
	}
	mr.Article, mr.Nginx, mr.GoHandler = median(own), median(ngx), median(goh)
	mr.Loads[0].Result = mr.Article

	// rounds loads file's addresses opts.Rounds times and returns the
	// median run.
	rounds := func(cfg loadConfig, file string) (*wrkResult, error) {
		var runs []*wrkResult
		for range opts.Rounds {
			res, err := runWrk(ctx, cfg, getScript, base, file)
			if err != nil {
				return nil, err
			}
			runs = append(runs, res)
		}
		return median(runs), nil
	}
	files := map[string]string{} // each load's address list, by name
	for i, p := range pages[1:] {
		l := mr.Loads[i+1]
		if l.Failed != "" {
			logf(opts.Log, "%s: %s", p.name, l.Failed)
			continue
		}
		file := p.file
		if file == "" {
			if file, err = one(fmt.Sprintf("load-%d", i), p.path); err != nil {
				return nil, err
			}
		}
		files[p.name] = file
		if l.Result, err = rounds(cfg, file); err != nil {
			return nil, err
		}
		logf(opts.Log, "%s: %.0f requests/s", p.name, l.Result.RPS())
	}

	// The long thread and the searches once more on one connection: at
	// 32 a request's latency is mostly its wait behind the others, and
	// what a reader waits for one page is this.
	single := cfg
	single.Connections = 1
	for _, name := range []string{longThreadLoad, searchLoad} {
		l, file := loadNamed(mr, name), files[name]
		if l == nil || file == "" {
			continue
		}
		res, err := rounds(single, file)
		if err != nil {
			return nil, err
		}
		mr.Loads = append(mr.Loads, &loadReport{Name: name + oneAtATime, Path: l.Path, Bytes: l.Bytes, Result: res})
		logf(opts.Log, "%s%s: p95 %s", name, oneAtATime, res.P95)
	}

	// Comment posts carry reader tokens, fetched as the comments script
	// fetches them, which must be older than the site's minimum time to
	// write a comment. Enough for the target rate are fetched, unless the
	// run posts a fixed number.
	tokens := opts.PostBudget
	if tokens == 0 {
		tokens = postTokensPerSecond * max(1, int(opts.PostDuration/time.Second))
	}
	tokenFile := filepath.Join(dir, "tokens.txt")
	if err := fetchTokens(ctx, base, sr.Fill.PostPath, tokens, tokenFile); err != nil {
		return nil, err
	}
	site := masthead.DefaultSite() // as fill set it
	select {
	case <-time.After(time.Duration(site.CommentMinSeconds)*time.Second + 500*time.Millisecond):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	postCfg := cfg
	postCfg.Duration = opts.PostDuration
	postRuns++
	if mr.Posts, err = runWrk(ctx, postCfg, postScript, base+sr.Fill.PostPath, tokenFile, sr.Fill.PostPath,
		strconv.Itoa(postRuns)); err != nil {
		return nil, err
	}
	mr.PostTokens = tokens
	logf(opts.Log, "comment posts: %.0f accepted a second", float64(mr.Posts.Accepted)/mr.Posts.Elapsed.Seconds())
	mr.PeakRSS = rss.finish()
	return mr, nil
}

// Names of the loads that also run on one connection, and what those
// runs add to the name.
const (
	archiveLoad    = "article (random of the archive)"
	longThreadLoad = "article with 10,000 comments"
	searchLoad     = "search"
	oneAtATime     = ", one request at a time"
	// fixedSetLoad is the load of fixedSetSize articles, the same ones
	// in every round, on sites larger than that.
	fixedSetLoad = "article (random of 1,000 fixed ones)"
	fixedSetSize = 1000
)

// distinctAtRandom returns n of paths drawn at random, none twice; n
// must be below len(paths).
func distinctAtRandom(r *rand.Rand, paths []string, n int) []string {
	seen := make(map[int]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		if i := r.IntN(len(paths)); !seen[i] {
			seen[i] = true
			out = append(out, paths[i])
		}
	}
	return out
}

// loadNamed returns the mode's load of that name, or nil.
func loadNamed(m *modeReport, name string) *loadReport {
	for _, l := range m.Loads {
		if l.Name == name {
			return l
		}
	}
	return nil
}

// postRuns numbers the comment post loads of a benchmark, so that each
// posts under names and from networks of its own.
var postRuns int

// postTokensPerSecond is how many reader tokens a timed post load gets
// for each second: more than the target rate, so that they last.
const postTokensPerSecond = 1500

// fetchTokens asks the article's comment form where reader tokens come
// from, fetches n of them on a few connections and writes them to file,
// one a line.
func fetchTokens(ctx context.Context, base, path string, n int, file string) error {
	status, body, err := get(base + path)
	if err != nil {
		return err
	}
	if status != 200 {
		return fmt.Errorf("%s answered %d, not 200", path, status)
	}
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return err
	}
	var tokenURL string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" && attr(n, "id") == "commentform" {
			tokenURL = attr(n, "data-token-url")
		}
		for c := n.FirstChild; c != nil && tokenURL == ""; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if tokenURL == "" {
		return fmt.Errorf("the comment form of %s says nowhere where reader tokens come from", path)
	}
	tokens := make([]string, n)
	errs := make(chan error, 8)
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range n {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for range 8 {
		go func() {
			for i := range next {
				status, b, err := get(base + tokenURL)
				if err == nil && status != 200 {
					err = fmt.Errorf("%s answered %d, not 200", tokenURL, status)
				}
				if err != nil {
					errs <- err
					for range next {
					}
					return
				}
				tokens[i] = strings.TrimSpace(string(b))
			}
			errs <- nil
		}()
	}
	var first error
	for range 8 {
		if err := <-errs; err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return first
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeLines(file, tokens)
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// countSite counts the visible articles and the comments, of one article
// when articleID is not zero, through the store.
func countSite(ctx context.Context, s masthead.Store, articleID int64) (articles, comments int, err error) {
	if _, articles, err = s.FindArticles(ctx, masthead.ArticleFilter{Visible: true, Limit: 1}); err != nil {
		return 0, 0, err
	}
	_, comments, err = s.FindComments(ctx, masthead.CommentFilter{ArticleID: articleID, Limit: 1})
	return articles, comments, err
}

// dirBytes is the size of the database with its WAL and shared memory.
func dirBytes(dir, prefix string) int64 {
	var n int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasPrefix(e.Name(), prefix) {
			n += info.Size()
		}
	}
	return n
}

func writeLines(file string, lines []string) error {
	return os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

// ensureTools makes sure wrk and nginx are there: on Debian, as root, it
// installs them as scripts/test does; elsewhere it says what is missing.
func ensureTools(log io.Writer) error {
	missing := missingTools()
	if len(missing) == 0 {
		return nil
	}
	if _, err := exec.LookPath("apt-get"); err != nil || os.Geteuid() != 0 {
		return fmt.Errorf("the benchmark needs %s: please install them (on Debian: apt-get install wrk nginx-light)", strings.Join(missing, " and "))
	}
	logf(log, "installing %s", strings.Join(missing, " and "))
	for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "--no-install-recommends", "wrk", "nginx-light"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("apt-get %s failed: %w: %s", args[0], err, out)
		}
	}
	if missing := missingTools(); len(missing) > 0 {
		return fmt.Errorf("the benchmark needs %s, which apt-get did not install", strings.Join(missing, " and "))
	}
	return nil
}

func missingTools() []string {
	var missing []string
	for _, tool := range []string{"wrk", "nginx"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	return missing
}

// moduleRoot is the directory of the masthead module, found from here.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD failed: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the benchmark inside the masthead module, e.g. go run ./bench/site from its directory")
	}
	return filepath.Dir(mod), nil
}

// machine is what the report says of the machine it ran on.
type machine struct {
	CPU                   string
	Cores                 int
	MemoryGiB             float64
	Kernel, Go            string
	Nginx, Wrk            string
	LoadBefore, LoadAfter string
}

func readMachine() machine {
	m := machine{Cores: 0, LoadBefore: loadAverage()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok && m.CPU == "" {
				m.CPU = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
			}
			if strings.HasPrefix(line, "processor") {
				m.Cores++
			}
		}
	}
	if total, err := procMeminfo(); err == nil {
		m.MemoryGiB = float64(total) / (1 << 30)
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	version := regexp.MustCompile(`[0-9]+\.[0-9]+(\.[0-9]+)?`)
	for _, v := range []struct {
		dst  *string
		args []string
	}{{&m.Go, []string{"go", "version"}}, {&m.Nginx, []string{"nginx", "-v"}}, {&m.Wrk, []string{"wrk", "-v"}}} {
		out, _ := exec.Command(v.args[0], v.args[1:]...).CombinedOutput()
		*v.dst = version.FindString(string(out))
	}
	return m
}

func procMeminfo() (int64, error) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no MemTotal in /proc/meminfo")
}

// loadAverage is the one-minute load average: how busy the shared
// machine was, beside the figures.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(b))[0]
}
