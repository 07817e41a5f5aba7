package nginx

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// FS is what the parser reads files through. Paths are OS-style and may be
// absolute, as nginx include paths usually are.
type FS interface {
	ReadFile(name string) ([]byte, error)
	// Glob returns the names matching pattern (filepath.Match syntax), sorted.
	Glob(pattern string) ([]string, error)
	// Stat reports whether name exists (for telling a missing include from an unreadable one).
	Stat(name string) (fs.FileInfo, error)
}

// OSFS reads the local file system.
type OSFS struct{}

func (OSFS) ReadFile(name string) ([]byte, error)  { return os.ReadFile(name) }
func (OSFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }
func (OSFS) Glob(pattern string) ([]string, error) {
	m, err := filepath.Glob(pattern)
	sort.Strings(m)
	return m, err
}

// readFileLimit reads at most limit+1 bytes of name: a file whose size the
// OS does not know (/proc, a file growing while read) cannot exhaust memory,
// and the caller sees that it is too large.
func (OSFS) readFileLimit(name string, limit int64) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var size int64
	if fi, err := f.Stat(); err == nil {
		size = min(fi.Size(), limit) + 1 // +1: see EOF in one read
	}
	b := make([]byte, 0, max(size, 512))
	b, err = readAllLimit(f, b, limit+1)
	return b, err
}

// readAllLimit appends to b what r yields, up to limit bytes in all.
func readAllLimit(r io.Reader, b []byte, limit int64) ([]byte, error) {
	for int64(len(b)) < limit {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n := min(int64(cap(b)), limit) - int64(len(b))
		m, err := r.Read(b[len(b) : len(b)+int(n)])
		b = b[:len(b)+m]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
	return b, nil
}

// readFile reads name through st.fs, bounded by st.max when the FS can.
func (st *state) readFile(name string) ([]byte, error) {
	if l, ok := st.fs.(interface {
		readFileLimit(string, int64) ([]byte, error)
	}); ok {
		return l.readFileLimit(name, st.max)
	}
	return st.fs.ReadFile(name)
}

// Options configure Parse. The zero value reads the OS file system and
// resolves relative includes against the main file's directory.
type Options struct {
	// FS to read from; nil means OSFS.
	FS FS
	// Prefix is the directory relative include paths are resolved against,
	// as nginx's -p prefix/conf does. Empty means the main file's directory.
	Prefix string
	// Root, when set, is where absolute include paths are looked up, as if
	// it were the file system root of the nginx host (a copy of its /etc
	// and /run taken off the machine).
	Root string
	// MaxFileSize refuses larger files (diag.InputTooLarge). 0 means 64 MiB.
	MaxFileSize int64
	// NoIncludes leaves include directives unexpanded (for tooling that wants
	// one file's syntax only).
	NoIncludes bool
}
