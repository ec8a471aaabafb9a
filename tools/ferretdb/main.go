// Command ferretdb-embedded runs FerretDB 1.x (a MongoDB wire-protocol server over SQLite) for
// zapgate's storage tests: the machines here cannot install MongoDB. It embeds FerretDB's Go
// package, which runs with telemetry disabled and no debug HTTP listener, and serves loopback only.
// With -postgresql-url it keeps the data in a PostgreSQL database (FerretDB's PostgreSQL handler)
// rather than in SQLite files: the distributed benchmarks use it for a real database server.
//
//	ferretdb-embedded -listen 127.0.0.1:27018 -dir /tmp/ferret-data
//	ferretdb-embedded -listen 127.0.0.1:27018 -postgresql-url postgres://postgres@127.0.0.1:5432/zg_bench
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27018", "TCP address to serve the MongoDB wire protocol on (loopback)")
	dir := flag.String("dir", "", "directory for the SQLite databases (required without -postgresql-url)")
	postgresqlURL := flag.String("postgresql-url", "", "PostgreSQL database to keep the data in, rather than SQLite")
	flag.Parse()

	host, _, err := net.SplitHostPort(*listen)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		fail("-listen must be a loopback address with a port, got %q", *listen)
	}
	config := ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	}
	if *postgresqlURL != "" {
		config.Handler = "postgresql"
		config.PostgreSQLURL = *postgresqlURL
	} else {
		if *dir == "" {
			fail("-dir is required without -postgresql-url")
		}
		if err := os.MkdirAll(*dir, 0o700); err != nil {
			fail("cannot create %s: %v", *dir, err)
		}
		config.Handler = "sqlite"
		// immediate write transactions: concurrent writers wait for the lock (busy_timeout) rather
		// than fail with SQLITE_BUSY when a read transaction cannot be upgraded
		config.SQLiteURL = "file:" + *dir + "/?_txlock=immediate"
	}
	f, err := ferretdb.New(&config)
	if err != nil {
		fail("cannot start FerretDB: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Printf("ready %s\n", f.MongoDBURI())
	if err := f.Run(ctx); err != nil && ctx.Err() == nil {
		fail("FerretDB stopped: %v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-embedded: "+format+"\n", args...)
	os.Exit(1)
}
