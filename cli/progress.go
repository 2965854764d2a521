package cli

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"
)

// progress returns a progress bar on env's stderr when it is a terminal, and
// nil otherwise (pipes and CI logs get no bar noise).
func progress(env *Env, max int64, desc string, bytes bool) *progressbar.ProgressBar {
	f, ok := env.Stderr.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(io.Writer(f)),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	}
	if bytes {
		opts = append(opts, progressbar.OptionShowBytes(true))
	}
	return progressbar.NewOptions64(max, opts...)
}
