// Command gtg is the Get To Green customer-success platform.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/gtg-dev/gtg/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
