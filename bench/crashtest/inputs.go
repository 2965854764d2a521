package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// writeInputs writes the CSV files the import trials load: new accounts,
// new metrics for the demo's accounts (new keys, so every row is new) and
// new timeline events, each big enough that a kill lands mid-import.
func writeInputs(dir string, demoAccounts int) error {
	write := func(name string, fill func(w *bufio.Writer)) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		fill(w)
		if err := w.Flush(); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	if err := write("accounts.csv", func(w *bufio.Writer) {
		fmt.Fprintln(w, "id,name,arr,segment,owner,contract_start,renewal_date")
		for i := range 5000 {
			fmt.Fprintf(w, "CT-%05d,Crash Test %d,%d,smb,crash@example.com,2025-01-01,2027-01-01\n", i, i, 1000+i)
		}
	}); err != nil {
		return err
	}
	start := time.Now().UTC().AddDate(0, 0, -200)
	if err := write("metrics.csv", func(w *bufio.Writer) {
		fmt.Fprintln(w, "account_id,date,metric,value")
		for a := 1; a <= demoAccounts; a++ {
			for m := range 3 {
				for d := range 200 {
					fmt.Fprintf(w, "A%05d,%s,crash_metric_%d,%d\n", a, start.AddDate(0, 0, d).Format("2006-01-02"), m, (a*7+d*3+m)%50)
				}
			}
		}
	}); err != nil {
		return err
	}
	return write("events.csv", func(w *bufio.Writer) {
		fmt.Fprintln(w, "account_id,occurred_at,type,event_id,priority")
		for i := range 20000 {
			fmt.Fprintf(w, "A%05d,%s,ticket_opened,CT-E-%d,high\n", 1+i%demoAccounts, start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), i)
		}
	})
}
