// Package pagecache benchmarks the page cache through the real handler:
// article pages of the demo site served with the cache and without it.
//
//	go test -run - -bench . ./bench/pagecache/
//
// It is a benchmark, not a timed test: it asserts nothing about speed.
// bench/run compares the whole server against nginx over the network.
package pagecache
