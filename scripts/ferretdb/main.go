// Command ferretdb runs an embedded FerretDB (MongoDB wire protocol on SQLite)
// for Steward's local default database and its tests.
//
// It embeds package ferretdb instead of using `go install .../cmd/ferretdb`,
// whose binary panics at start because a generated version file is missing
// from the published module.
//
// The process exits when its standard input closes, so the database never
// outlives the Node process that started it, even when that process is
// killed with SIGKILL and cannot clean up.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to listen on")
	dataDir := flag.String("data-dir", "data/ferretdb", "directory for the SQLite files")
	watchStdin := flag.Bool("exit-on-stdin-close", true, "exit when standard input reaches EOF")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	dir, err := filepath.Abs(*dataDir)
	if err != nil {
		fail("resolve data dir: %v", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail("create data dir %s: %v", dir, err)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level %q: %v", *logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Handler:   "sqlite",
		SQLiteURL: "file:" + dir + "/",
		Logger:    logger,
	})
	if err != nil {
		fail("configure ferretdb: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go keepIDIndexes(ctx, dir, logger)

	if *watchStdin {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	if err := db.Run(ctx); err != nil && ctx.Err() == nil {
		fail("ferretdb stopped: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(1)
}
