// SPDX-License-Identifier: MIT

// Command gen writes kapi/documented.table from a kernel tree's headers:
//
//	go run ./kapi/docfacts/gen -C TREE > kapi/documented.table
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/kcovlint/kcovlint/kapi/docfacts"
)

func main() {
	root := flag.String("C", "", "kernel tree")
	flag.Parse()
	if *root == "" {
		fmt.Fprintln(os.Stderr, "usage: gen -C TREE")
		os.Exit(2)
	}
	facts, err := docfacts.Scan(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	fmt.Print(docfacts.Header)
	os.Stdout.Write(docfacts.Table(facts))
}
