package calibrate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Pair is a pairwise term's decision tree over two measures. Its leaves are
// the term's bands: Term.Points[leaf].
type Pair struct {
	Features [2]string
	Numeric  [2]bool
	Nodes    []PairNode // Nodes[0] is the root
}

// PairNode is a split or, when Leaf ≥ 0, a leaf.
type PairNode struct {
	Leaf   int      // the leaf's index; -1 for a split
	Dim    int      // the feature the split reads: 0 or 1
	Cut    float64  // numeric: a value below Cut takes Yes
	Values []string // categorical: a value in Values (folded) takes Yes, any other No
	Yes    int      // child nodes
	No     int
}

// leaf walks the tree for values x (numbers) and s (categories).
func (p *Pair) leaf(x [2]float64, s [2]string) int {
	n := &p.Nodes[0]
	for n.Leaf < 0 {
		var yes bool
		if p.Numeric[n.Dim] {
			yes = x[n.Dim] < n.Cut
		} else {
			yes = slices.Contains(n.Values, fold(s[n.Dim]))
		}
		if yes {
			n = &p.Nodes[n.Yes]
		} else {
			n = &p.Nodes[n.No]
		}
	}
	return n.Leaf
}

// region is the cells of a grid a tree node covers: the coarse bins allowed
// on each axis.
type region [2][]bool

// pairTree fits a regression tree of at most maxLeaves leaves, each of at
// least minRows examples, to a pair's shape over its grid, weighted by the
// examples in each cell, splitting best-first on the largest drop in
// weighted squared error. It returns the tree and each leaf's weighted mean.
func pairTree(g *grid, bins []*binning, shape, weight []float64, maxLeaves int, minRows float64) (*Pair, []float64) {
	axes := [2]axis{g.x, g.y}
	ny := g.y.n
	cell := func(a, b int) int { return a*ny + b }
	stats := func(r region) (w, wv, wv2 float64) {
		for a, okA := range r[0] {
			for b, okB := range r[1] {
				if okA && okB {
					c := cell(a, b)
					w += weight[c]
					wv += weight[c] * shape[c]
					wv2 += weight[c] * shape[c] * shape[c]
				}
			}
		}
		return
	}
	sse := func(r region) float64 {
		w, wv, wv2 := stats(r)
		if w == 0 {
			return 0
		}
		return wv2 - wv*wv/w
	}
	// split finds the best cut of r: the axis, and the coarse bins that go Yes.
	type cutAt struct {
		gain float64
		dim  int
		yes  []bool
	}
	split := func(r region) (best cutAt) {
		whole := sse(r)
		for dim := range 2 {
			ax := axes[dim]
			var order []int
			for c, ok := range r[dim] {
				if ok {
					order = append(order, c)
				}
			}
			mean := func(c int) float64 {
				sub := region{slices.Clone(r[0]), slices.Clone(r[1])}
				clear(sub[dim])
				sub[dim][c] = true
				w, wv, _ := stats(sub)
				if w == 0 {
					return 0
				}
				return wv / w
			}
			if !ax.numeric {
				slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(mean(a), mean(b)) })
			}
			for at := 1; at < len(order); at++ {
				yes := make([]bool, ax.n)
				for _, c := range order[:at] {
					yes[c] = true
				}
				if !ax.numeric && yes[ax.n-1] { // the side with "other" is written as No
					for _, c := range order {
						yes[c] = !yes[c]
					}
				}
				ry, rn := carve(r, dim, yes)
				wy, _, _ := stats(ry)
				wn, _, _ := stats(rn)
				if wy < minRows || wn < minRows {
					continue
				}
				if gain := whole - sse(ry) - sse(rn); gain > best.gain+1e-12 {
					best = cutAt{gain, dim, yes}
				}
			}
		}
		return best
	}

	type node struct {
		r       region
		yes, no int
		dim     int
		yesBins []bool
		isLeaf  bool
	}
	all := region{make([]bool, g.x.n), make([]bool, g.y.n)}
	for i := range all[0] {
		all[0][i] = true
	}
	for i := range all[1] {
		all[1][i] = true
	}
	nodes := []*node{{r: all, isLeaf: true}}
	for leaves := 1; leaves < maxLeaves; leaves++ {
		bestNode, best := -1, cutAt{}
		for k, n := range nodes {
			if !n.isLeaf {
				continue
			}
			if c := split(n.r); c.yes != nil && c.gain > best.gain {
				bestNode, best = k, c
			}
		}
		if bestNode < 0 {
			break
		}
		n := nodes[bestNode]
		ry, rn := carve(n.r, best.dim, best.yes)
		n.isLeaf, n.dim, n.yesBins = false, best.dim, best.yes
		n.yes, n.no = len(nodes), len(nodes)+1
		nodes = append(nodes, &node{r: ry, isLeaf: true}, &node{r: rn, isLeaf: true})
	}

	// Write the tree out, numbering the leaves Yes before No.
	p := &Pair{Features: [2]string{bins[g.x.feature].name, bins[g.y.feature].name},
		Numeric: [2]bool{g.x.numeric, g.y.numeric}}
	var means []float64
	var walk func(k int) int
	walk = func(k int) int {
		n := nodes[k]
		at := len(p.Nodes)
		p.Nodes = append(p.Nodes, PairNode{Leaf: -1})
		if n.isLeaf {
			w, wv, _ := stats(n.r)
			m := 0.0
			if w > 0 {
				m = wv / w
			}
			p.Nodes[at].Leaf = len(means)
			means = append(means, m)
			return at
		}
		ax := axes[n.dim]
		pn := PairNode{Leaf: -1, Dim: n.dim}
		if ax.numeric {
			first := slices.Index(n.yesBins, false) // the first coarse bin on the No side
			for c := first; c < len(n.yesBins); c++ {
				if n.r[n.dim][c] && !n.yesBins[c] {
					first = c
					break
				}
			}
			pn.Cut = bins[ax.feature].cuts[ax.start[first]-2]
		} else {
			b := bins[ax.feature]
			for c, yes := range n.yesBins {
				if yes {
					for _, fine := range ax.members[c] {
						pn.Values = append(pn.Values, fold(b.cats[fine-1]))
					}
				}
			}
			slices.Sort(pn.Values)
		}
		pn.Yes = walk(n.yes)
		pn.No = walk(n.no)
		p.Nodes[at] = pn
		return at
	}
	walk(0)
	return p, means
}

// carve splits r on axis dim into the bins that go Yes and those that go No.
func carve(r region, dim int, yes []bool) (ry, rn region) {
	ry = region{slices.Clone(r[0]), slices.Clone(r[1])}
	rn = region{slices.Clone(r[0]), slices.Clone(r[1])}
	for c := range r[dim] {
		ry[dim][c] = r[dim][c] && yes[c]
		rn[dim][c] = r[dim][c] && !yes[c]
	}
	return ry, rn
}

// expr writes the tree as an expression over the measures keyed a and b
// that gives the leaf's number, from 1: nested conditionals.
func (p *Pair) expr(a, b string) string {
	keys := [2]string{a, b}
	var walk func(k int) string
	walk = func(k int) string {
		n := p.Nodes[k]
		if n.Leaf >= 0 {
			return strconv.Itoa(n.Leaf + 1)
		}
		var cond string
		if p.Numeric[n.Dim] {
			cond = keys[n.Dim] + " < " + strconv.FormatFloat(n.Cut, 'f', -1, 64)
		} else {
			vals := make([]string, len(n.Values))
			for i, v := range n.Values {
				vals[i] = strconv.Quote(v)
			}
			cond = "lower(" + keys[n.Dim] + ") in [" + strings.Join(vals, ", ") + "]"
		}
		yes, no := walk(n.Yes), walk(n.No)
		if p.Nodes[n.No].Leaf < 0 {
			no = "(" + no + ")"
		}
		if p.Nodes[n.Yes].Leaf < 0 {
			yes = "(" + yes + ")"
		}
		return cond + " ? " + yes + " : " + no
	}
	return walk(0)
}

// describe says, for each leaf, which values lead to it.
func (p *Pair) describe() []string {
	var out []string
	var walk func(k int, path []string)
	walk = func(k int, path []string) {
		n := p.Nodes[k]
		if n.Leaf >= 0 {
			for len(out) <= n.Leaf {
				out = append(out, "")
			}
			out[n.Leaf] = strings.Join(path, " and ")
			return
		}
		name := p.Features[n.Dim]
		var yes, no string
		if p.Numeric[n.Dim] {
			c := strconv.FormatFloat(n.Cut, 'f', -1, 64)
			yes, no = name+" < "+c, name+" ≥ "+c
		} else {
			vals := strings.Join(n.Values, " or ")
			yes, no = name+" is "+vals, name+" is not "+vals
		}
		walk(n.Yes, append(slices.Clip(path), yes))
		walk(n.No, append(slices.Clip(path), no))
	}
	walk(0, nil)
	return out
}
