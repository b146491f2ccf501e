package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// freeAddr returns an address on 127.0.0.1 that nothing listens on.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// process is a server the harness started and alone stops.
type process struct {
	name string
	cmd  *exec.Cmd
	addr string
	log  string
	done chan error
}

// start runs a server with its output in a log file of dir.
func start(name, dir, addr string, bin string, args ...string) (*process, error) {
	return startWith(nil, name, dir, addr, bin, args...)
}

// startWith is start with variables added to the environment.
func startWith(env []string, name, dir, addr string, bin string, args ...string) (*process, error) {
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p := &process{name: name, cmd: cmd, addr: addr, log: logPath, done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait(); logFile.Close() }()
	return p, nil
}

// stop asks the server to end, as an operator would, and kills it when it
// does not within a few seconds.
func (p *process) stop() {
	if p == nil {
		return
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// logTail returns the end of the server's log, for error messages.
func (p *process) logTail() string {
	b, _ := os.ReadFile(p.log)
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return strings.TrimSpace(string(b))
}

// client asks the servers under test without following redirects, so
// that a redirect is seen as one.
var client = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// waitFor asks url until it answers 200 and returns how long after since
// that was, or fails when the process ends or the deadline passes.
func waitFor(ctx context.Context, p *process, url string, since time.Time, limit time.Duration) (time.Duration, error) {
	// A refused connection fails at once; a first page that takes long
	// is still the first page, so each try may take long too.
	quick := &http.Client{Timeout: limit, CheckRedirect: client.CheckRedirect}
	deadline := time.Now().Add(limit)
	last := "no answer"
	for {
		resp, err := quick.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(since), nil
			}
			last = resp.Status
		}
		select {
		case err := <-p.done:
			p.done <- err
			return 0, fmt.Errorf("%s stopped before it answered: %v\n%s", p.name, err, p.logTail())
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			return 0, fmt.Errorf("%s did not answer %s with 200 within %s (last: %s)\n%s", p.name, url, limit, last, p.logTail())
		}
	}
}

// get fetches url and returns its status and body.
func get(url string) (int, []byte, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// rssSampler follows a process's resident memory while it is loaded.
type rssSampler struct {
	pid  int
	stop chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak int64 // the largest VmRSS seen, in bytes
}

func sampleRSS(pid int) *rssSampler {
	s := &rssSampler{pid: pid, stop: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			if v, err := procStatus(pid, "VmRSS"); err == nil {
				s.mu.Lock()
				s.peak = max(s.peak, v)
				s.mu.Unlock()
			}
			select {
			case <-s.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return s
}

// finish stops sampling and returns the peak: the kernel's high-water mark
// (VmHWM) when it is larger than any sample, since it misses no moment.
func (s *rssSampler) finish() int64 {
	hwm, _ := procStatus(s.pid, "VmHWM")
	close(s.stop)
	s.wg.Wait()
	return max(s.peak, hwm)
}

// procStatus reads one memory field of /proc/PID/status, in bytes.
func procStatus(pid int, field string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), field+":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		return kb << 10, err
	}
	return 0, errors.New(field + " is not in /proc status")
}

// nginxConfig serves root as static files on addr, from nothing but
// dir: the reference for what a web server does with the same bytes.
func nginxConfig(dir, root, addr string) string {
	return fmt.Sprintf(`worker_processes auto;
daemon off;
pid %[1]s/nginx.pid;
error_log %[1]s/nginx-error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	keepalive_requests 1000000;
	types { text/html html; }
	default_type text/html;
	client_body_temp_path %[1]s/tmp; proxy_temp_path %[1]s/tmp; fastcgi_temp_path %[1]s/tmp;
	uwsgi_temp_path %[1]s/tmp; scgi_temp_path %[1]s/tmp;
	server {
		listen %[3]s;
		root %[2]s;
		index index.html;
	}
}
`, dir, root, addr)
}

// startNginx serves body at path through nginx from a directory of dir.
func startNginx(ctx context.Context, dir, path string, body []byte) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	root := filepath.Join(dir, "www")
	page := filepath.Join(root, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(page, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(page, "index.html"), body, 0o644); err != nil {
		return nil, err
	}
	conf := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(conf, []byte(nginxConfig(dir, root, addr)), 0o644); err != nil {
		return nil, err
	}
	p, err := start("nginx", dir, addr, "nginx", "-c", conf, "-p", dir)
	if err != nil {
		return nil, err
	}
	if _, err := waitFor(ctx, p, "http://"+addr+path, time.Now(), 10*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// Environment variables that make this program (or its test binary) the
// minimal Go handler instead: the address to listen on, the page to serve.
const (
	referenceAddrEnv = "MASTHEAD_BENCH_REFERENCE_ADDR"
	referenceFileEnv = "MASTHEAD_BENCH_REFERENCE_FILE"
)

// referenceMode serves as the minimal Go handler when the environment asks
// for it, and reports whether it did.
func referenceMode() (bool, error) {
	addr := os.Getenv(referenceAddrEnv)
	if addr == "" {
		return false, nil
	}
	return true, serveReference(addr, os.Getenv(referenceFileEnv))
}

// startReference runs this program again as the minimal Go handler, in a
// process of its own like the others, serving body at every address.
func startReference(ctx context.Context, dir, path string, body []byte) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, "reference.html")
	if err := os.WriteFile(file, body, 0o644); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	p, err := startWith([]string{referenceAddrEnv + "=" + addr, referenceFileEnv + "=" + file}, "go-handler", dir, addr, self)
	if err != nil {
		return nil, err
	}
	if _, err := waitFor(ctx, p, "http://"+addr+path, time.Now(), 10*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}

// serveReference is the minimal Go handler: the page's bytes from memory,
// with the content type and length, and nothing else.
func serveReference(addr, file string) error {
	body, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	length := strconv.Itoa(len(body))
	srv := &http.Server{Addr: addr, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Length", length)
		w.Write(body)
	})}
	go func() {
		stop := make(chan os.Signal, 1)
		signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
		<-stop
		srv.Close()
	}()
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
