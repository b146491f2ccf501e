package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// doneScript is the end of every load script: wrk calls done once, in its
// main thread, and it prints one line the harness reads (wrk's own report
// has no p95 and no count of a script's own).
const doneScript = `
threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
	local e = summary.errors
	local accepted = 0
	for _, t in ipairs(threads) do accepted = accepted + (t:get("accepted") or 0) end
	io.write(string.format("BENCH requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50=%.0f p95=%.0f p99=%.0f max=%.0f accepted=%d\n",
		summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
		latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, accepted))
end
`

// getScript sends GETs to addresses drawn at random from a file, one a
// line, so that a load spreads over the archive as readers do.
const getScript = `
local paths = {}
init = function(args)
	for line in io.lines(args[1]) do paths[#paths + 1] = line end
	math.randomseed(os.time())
end
request = function()
	return wrk.format("GET", paths[math.random(#paths)])
end
` + doneScript

// postScript posts comments to one article, each with a reader token of
// its own (fetched beforehand, one a line of a file, as the comments
// script fetches one per reader: the server takes each token once), each
// from a network of its own (the address the server takes from
// X-Forwarded-For, which it trusts from 127.0.0.1 when started with
// --trust-proxy), under a new name and with a new text, so that neither
// the per-network limit nor the duplicate check is what is measured; the
// run's number keeps names, texts and networks apart from other runs'. It
// counts the 303s that acknowledge a stored comment. When the tokens run
// out it only asks /healthz, slowly, so that with few tokens no post is
// in flight when the run ends and the stored comments can be counted
// exactly.
const postScript = `
local tokens = {}
local path, run
local sent = 0
accepted = 0
init = function(args)
	for line in io.lines(args[1]) do tokens[#tokens + 1] = line end
	path, run = args[2], tonumber(args[3])
end
local checked = false
request = function()
	-- wrk builds one request before the run to check the script and
	-- never sends it: that one is not a post.
	if not checked then
		checked = true
		return wrk.format("GET", "/healthz")
	end
	if sent >= #tokens then
		return wrk.format("GET", "/healthz")
	end
	sent = sent + 1
	local n = sent
	local who = run .. "-" .. n
	local body = "comment=Reader+comment+" .. who .. "+from+the+benchmark.&author=Load+Reader+" .. who ..
		"&email=load" .. who .. "%40example.org&url=&comment_parent=0&token=" .. tokens[n]
	local headers = {}
	headers["Content-Type"] = "application/x-www-form-urlencoded"
	headers["X-Forwarded-For"] = (run % 200 + 1) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256) .. ".7"
	return wrk.format("POST", path, headers, body)
end
response = function(status, headers, body)
	if status == 303 then accepted = accepted + 1 end
end
delay = function()
	if sent >= #tokens then return 100 end
	return 0
end
` + doneScript

// wrkResult is one wrk run.
type wrkResult struct {
	Requests int
	Elapsed  time.Duration
	// Errors counts failed connections, reads, writes and timeouts and
	// answers other than 2xx and 3xx.
	Errors int
	// Refused counts the answers other than 2xx and 3xx among Errors,
	// such as the 503s of a server shedding load.
	Refused            int
	P50, P95, P99, Max time.Duration
	// Accepted counts acknowledged comment posts.
	Accepted int
}

// RPS is the run's good answers (2xx and 3xx) per second: a refusal
// costs a server next to nothing, so counting it would flatter one that
// sheds load.
func (r *wrkResult) RPS() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests-r.Refused) / r.Elapsed.Seconds()
}

// loadConfig is how hard and how long wrk loads.
type loadConfig struct {
	Connections int
	Duration    time.Duration
}

// runWrk loads url with script for the configured time, one wrk thread,
// and returns what the script's done function printed. The run is bounded
// by the duration plus a margin, whatever the server does.
func runWrk(ctx context.Context, cfg loadConfig, script, url string, args ...string) (*wrkResult, error) {
	secs := max(1, int(cfg.Duration.Round(time.Second)/time.Second))
	ctx, cancel := context.WithTimeout(ctx, time.Duration(secs)*time.Second+30*time.Second)
	defer cancel()
	cmdArgs := append([]string{"-t1", "-c" + strconv.Itoa(cfg.Connections), "-d" + strconv.Itoa(secs) + "s",
		"--timeout", "10s", "-s", script, url, "--"}, args...)
	cmd := exec.CommandContext(ctx, "wrk", cmdArgs...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("wrk %s: %w: %s", url, err, strings.TrimSpace(errOut.String()))
	}
	return parseWrk(out.String())
}

// parseWrk reads the BENCH line of a load script's output.
func parseWrk(out string) (*wrkResult, error) {
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "BENCH ")
		if !ok {
			continue
		}
		v := map[string]int64{}
		for _, field := range strings.Fields(line) {
			name, value, _ := strings.Cut(field, "=")
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("wrk printed %q, which is not a number, for %s", value, name)
			}
			v[name] = n
		}
		us := func(name string) time.Duration { return time.Duration(v[name]) * time.Microsecond }
		return &wrkResult{
			Requests: int(v["requests"]), Elapsed: us("duration_us"),
			Errors:  int(v["connect"] + v["read"] + v["write"] + v["status"] + v["timeout"]),
			Refused: int(v["status"]),
			P50:     us("p50"), P95: us("p95"), P99: us("p99"), Max: us("max"), Accepted: int(v["accepted"]),
		}, nil
	}
	return nil, fmt.Errorf("wrk printed no result line: %s", strings.TrimSpace(out))
}

// writeScripts writes the load scripts into dir and returns their paths.
func writeScripts(dir string) (get, post string, err error) {
	get, post = filepath.Join(dir, "get.lua"), filepath.Join(dir, "post.lua")
	if err := os.WriteFile(get, []byte(getScript), 0o644); err != nil {
		return "", "", err
	}
	return get, post, os.WriteFile(post, []byte(postScript), 0o644)
}

// median returns the run of the median request rate, with the medians of
// each latency and the sums of errors and acknowledged posts, so that one
// noisy round moves no figure much.
func median(runs []*wrkResult) *wrkResult {
	if len(runs) == 0 {
		return &wrkResult{}
	}
	mid := func(f func(*wrkResult) time.Duration) time.Duration {
		v := make([]time.Duration, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		slices.Sort(v)
		return v[len(v)/2]
	}
	byRate := slices.Clone(runs)
	slices.SortFunc(byRate, func(a, b *wrkResult) int {
		switch {
		case a.RPS() < b.RPS():
			return -1
		case a.RPS() > b.RPS():
			return 1
		}
		return 0
	})
	m := *byRate[len(byRate)/2]
	m.P50 = mid(func(r *wrkResult) time.Duration { return r.P50 })
	m.P95 = mid(func(r *wrkResult) time.Duration { return r.P95 })
	m.P99 = mid(func(r *wrkResult) time.Duration { return r.P99 })
	// Refused stays the median run's, since its rate counts without them.
	m.Max, m.Errors, m.Accepted = 0, 0, 0
	for _, r := range runs {
		m.Max = max(m.Max, r.Max)
		m.Errors += r.Errors
		m.Accepted += r.Accepted
	}
	return &m
}
