//go:build !unix

package articlepage

import "time"

// cpuTime is not measured here; the CPU metric then reads zero.
func cpuTime() time.Duration { return 0 }
