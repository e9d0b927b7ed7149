package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// userHZ is the unit of the CPU times in /proc: Linux reports them in
// hundredths of a second on every architecture Go builds for.
const userHZ = 100

// cpuPart is a part of the measurement whose CPU time is read: a name and
// the processes that are it (read at each sample: PostgreSQL's change).
type cpuPart struct {
	name string
	pids func() []int
}

// cpuSample is the machine's busy time and each part's processes' CPU time,
// in ticks, at one moment.
type cpuSample struct {
	at          time.Time
	machineBusy int64
	parts       []map[int]int64 // per part: pid → ticks
}

// cpuMeter reads how many cores each part used between two samples: on a
// machine whose cores are shared by the load generator, the balancer, the
// replicas and the database, what each took says which one limits.
type cpuMeter []cpuPart

func (m cpuMeter) sample() cpuSample {
	s := cpuSample{at: time.Now(), machineBusy: machineBusyTicks()}
	for _, p := range m {
		ticks := map[int]int64{}
		for _, pid := range p.pids() {
			if t, ok := processTicks(pid); ok {
				ticks[pid] = t
			}
		}
		s.parts = append(s.parts, ticks)
	}
	return s
}

// cores is what each part used from a to b, in cores (1 is one core busy
// all along), with "machine" for every process on it and "other" for what
// the parts do not account for (other work on the machine, the kernel's own).
// A process that ended between the samples is not counted; one that started
// counts from its start.
func (m cpuMeter) cores(a, b cpuSample) map[string]float64 {
	secs := b.at.Sub(a.at).Seconds()
	if secs <= 0 {
		return nil
	}
	toCores := func(ticks int64) float64 { return round2(float64(ticks) / userHZ / secs) }
	out := map[string]float64{"machine": toCores(b.machineBusy - a.machineBusy)}
	var parts int64
	for i, p := range m {
		var ticks int64
		for pid, t := range b.parts[i] {
			ticks += t - a.parts[i][pid]
		}
		parts += ticks
		out[p.name] = toCores(ticks)
	}
	out["other"] = toCores(max(b.machineBusy-a.machineBusy-parts, 0))
	return out
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// machineBusyTicks is the time every core spent on anything but idling and
// waiting for the disk, from /proc/stat.
func machineBusyTicks() int64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line) // cpu user nice system idle iowait irq softirq steal …
	var busy int64
	for i, v := range f[1:] {
		if i == 3 || i == 4 || i >= 8 { // idle, iowait; guest time is already in user
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		busy += n
	}
	return busy
}

// processTicks is the CPU time (user and system, every thread) a process
// has used, from /proc/<pid>/stat.
func processTicks(pid int) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, false
	}
	return statTicks(string(b))
}

// statTicks reads utime and stime from a /proc/<pid>/stat line; the command
// name in parentheses may hold spaces and parentheses, so fields are
// counted from the last ")".
func statTicks(stat string) (int64, bool) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(stat[i+1:]) // state ppid pgrp … utime (12th) stime (13th)
	if len(f) < 13 {
		return 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	s, err2 := strconv.ParseInt(f[12], 10, 64)
	return u + s, err1 == nil && err2 == nil
}

// parentPID is a process's parent, from /proc/<pid>/stat (0 if unknown).
func parentPID(pid int) int {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 2 {
		return 0
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}
