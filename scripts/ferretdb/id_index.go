package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the driver FerretDB itself uses, registered as "sqlite"
)

// FerretDB 1.24 on SQLite finds a document by _id with
//
//	WHERE _ferretdb_sjson->'$._id' = ?
//
// (point lookups, and every per-document UPDATE and DELETE), but builds its unique _id index on
// _ferretdb_sjson->"_id". SQLite matches index expressions by their text, so the index is never
// used and every update of one document scans the whole collection: 36 ms per update with
// 3,000 check-ins, growing with the collection. The statements FerretDB sends are its own, so
// the launcher adds the index those statements can use, on the exact expression, to every
// collection table: once at start and then every second for collections created since.
// FerretDB keeps its own index list in its metadata table and ignores this extra index; it is
// dropped with its table.
const idIndexSuffix = "_steward_id_lookup"

func keepIDIndexes(ctx context.Context, dir string, logger *slog.Logger) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for {
		addIDIndexes(ctx, dir, logger)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func addIDIndexes(ctx context.Context, dir string, logger *slog.Logger) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return
	}
	for _, file := range files {
		if err := addIDIndexesTo(ctx, file); err != nil {
			logger.Debug("could not add _id lookup indexes", "file", file, "error", err)
		}
	}
}

func addIDIndexesTo(ctx context.Context, file string) error {
	// mode=rw: a database FerretDB just dropped must not be created again by opening it.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()

	existing := map[string]bool{}
	rows, err := db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'index'")
	if err != nil {
		return err
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		existing[name] = true
	}
	rows.Close()

	tables := []string{}
	rows, err = db.QueryContext(ctx, "SELECT table_name FROM _ferretdb_collections")
	if err != nil {
		return err
	}
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	rows.Close()

	for _, table := range tables {
		if existing[table+idIndexSuffix] {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+idIndexSuffix, table)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
