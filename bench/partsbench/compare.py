#!/usr/bin/env python3
"""Side by side on the same train/test split: gtg calibrate's card (from
each gtg binary given, e.g. this version's and a baseline's), XGBoost (300
trees of depth 3), and the times.

  go build -o /tmp/gtg ./cmd/gtg
  go run ./bench/partsbench -rows 20000 -test 5000 -dir /tmp/parts
  python3 bench/partsbench/compare.py /tmp/parts /tmp/gtg [/tmp/gtg-baseline ...]

Needs numpy and xgboost (Debian: python3-xgboost, run with /usr/bin/python3). Prints the test ROC AUC of
each, the card's recomputed from --scores-out, and the seconds each took
(the card's include its 5-fold cross-validation).
"""
import csv, subprocess, sys, time, os, json
import numpy as np

def auc(p, y):
    p, y = np.asarray(p, float), np.asarray(y, int)
    order = np.argsort(p, kind="mergesort")
    ps, ys = p[order], y[order]
    ranks = np.empty(len(p))
    i = 0
    while i < len(p):
        j = i
        while j + 1 < len(p) and ps[j + 1] == ps[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    npos = ys.sum()
    nneg = len(ys) - npos
    return (ranks[ys == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg)

def load(path):
    with open(path) as f:
        rows = list(csv.DictReader(f))
    cols = [c for c in rows[0] if c not in ("id", "churned")]
    X = np.array([[1.0 if r[c] == "yes" else 0.0 if r[c] == "no" else float(r[c]) for c in cols] for r in rows])
    y = np.array([1 if r["churned"] == "yes" else 0 for r in rows])
    return [r["id"] for r in rows], X, y

def card(gtg, d, ids, yte):
    scores = os.path.join(d, os.path.basename(gtg) + "-scores.csv")
    card = os.path.join(d, os.path.basename(gtg) + "-card.yaml")
    t0 = time.time()
    out = subprocess.run([gtg, "calibrate", "--table", os.path.join(d, "train.csv"), "--test", os.path.join(d, "test.csv"),
                          "--id", "id", "--label", "churned", "--positive", "yes", "--seed", "1",
                          "--out", card, "--scores-out", scores, "--json"], check=True, capture_output=True, text=True).stdout
    t_card = time.time() - t0
    with open(scores) as f:
        sc = {r["id"]: float(r["probability"]) for r in csv.DictReader(f)}
    a_card = auc([sc[i] for i in ids], yte)
    print(f"{gtg}: card test ROC AUC {a_card:.4f}  ({t_card:.1f} s, with 5-fold CV)")
    with open(card) as f:
        for line in f:
            if "measures earn points" in line:
                print("  " + line.strip())
    return a_card

def main():
    d = sys.argv[1]
    _, Xtr, ytr = load(os.path.join(d, "train.csv"))
    ids, Xte, yte = load(os.path.join(d, "test.csv"))
    print(f"train {len(ytr)} rows, test {len(yte)} rows")
    cards = [card(g, d, ids, yte) for g in sys.argv[2:]]
    import xgboost as xgb
    t0 = time.time()
    params = {"objective": "binary:logistic", "max_depth": 3, "eta": 0.1, "tree_method": "hist", "nthread": 2}
    m = xgb.train(params, xgb.DMatrix(Xtr, label=ytr), num_boost_round=300)
    a_xgb = auc(m.predict(xgb.DMatrix(Xte)), yte)
    t_xgb = time.time() - t0
    print(f"XGBoost   test ROC AUC {a_xgb:.4f}  ({t_xgb:.1f} s, one fit, 300 trees depth 3)")
    if cards:
        print(f"gap first card − XGBoost {cards[0] - a_xgb:+.4f}")

main()
