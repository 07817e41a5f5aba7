package nginx

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// parseSize reads an nginx size ("512", "8k", "50M", "1g") into bytes.
func parseSize(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	mult := int64(1)
	switch s[len(s)-1] {
	case 'k', 'K':
		mult = 1 << 10
	case 'm', 'M':
		mult = 1 << 20
	case 'g', 'G':
		mult = 1 << 30
	}
	num := s
	if mult != 1 {
		num = s[:len(s)-1]
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, false
	}
	return n * mult, true
}

// parseDuration reads an nginx time ("60", "90s", "5m", "1h 30m", "500ms").
// A number without a unit is seconds.
func parseDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	var total time.Duration
	for part := range strings.FieldsSeq(s) {
		i := 0
		for i < len(part) && part[i] >= '0' && part[i] <= '9' {
			i++
		}
		if i == 0 {
			return 0, false
		}
		n, err := strconv.ParseInt(part[:i], 10, 64)
		if err != nil {
			return 0, false
		}
		var unit time.Duration
		switch part[i:] {
		case "", "s":
			unit = time.Second
		case "ms":
			unit = time.Millisecond
		case "m":
			unit = time.Minute
		case "h":
			unit = time.Hour
		case "d":
			unit = 24 * time.Hour
		case "w":
			unit = 7 * 24 * time.Hour
		case "M":
			unit = 30 * 24 * time.Hour
		case "y":
			unit = 365 * 24 * time.Hour
		default:
			return 0, false
		}
		if n > int64(math.MaxInt64/unit) || total > math.MaxInt64-time.Duration(n)*unit {
			return 0, false // beyond what a time.Duration holds (292 years)
		}
		total += time.Duration(n) * unit
	}
	return total, true
}
