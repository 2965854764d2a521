#!/usr/bin/env python3
"""Turns the RavenStack SaaS tables (accounts, subscriptions, feature usage,
support tickets, churn events) into gtg import files: accounts.csv,
metrics.csv (feature_uses, usage_seconds, usage_errors per account and day),
events.csv (ticket_opened, subscription_started) and outcomes.csv (churned),
a transaction history for calibrate --db and rfmbench.

  python3 bench/rfmbench/ravenstack.py DATA_DIR OUT_DIR
  for k in accounts metrics events outcomes; do gtg --db r.db import $k OUT_DIR/$k.csv; done
"""
import csv, collections
import sys
D=sys.argv[1].rstrip('/')+'/'
O=sys.argv[2].rstrip('/')+'/'
def rd(n): return list(csv.DictReader(open(D+'ravenstack_'+n+'.csv')))
acc=rd('accounts'); subs=rd('subscriptions'); use=rd('feature_usage'); tk=rd('support_tickets'); ch=rd('churn_events')
sub2acc={s['subscription_id']:s['account_id'] for s in subs}
arr=collections.defaultdict(float)
for s in subs:
    if s['end_date']=='' : arr[s['account_id']]+=float(s['arr_amount'])
with open(O+'accounts.csv','w',newline='') as f:
    w=csv.writer(f); w.writerow(['id','name','plan','seats','contract_start','arr','industry','country','referral_source'])
    for a in acc: w.writerow([a['account_id'],a['account_name'],a['plan_tier'],a['seats'],a['signup_date'],arr.get(a['account_id'],0),a['industry'],a['country'],a['referral_source']])
m=collections.defaultdict(float)
for u in use:
    a=sub2acc.get(u['subscription_id'])
    if not a: continue
    d=u['usage_date'][:10]
    m[(a,d,'feature_uses')]+=float(u['usage_count'])
    m[(a,d,'usage_seconds')]+=float(u['usage_duration_secs'])
    m[(a,d,'usage_errors')]+=float(u['error_count'])
with open(O+'metrics.csv','w',newline='') as f:
    w=csv.writer(f); w.writerow(['account_id','date','metric','value'])
    for (a,d,k),v in sorted(m.items()): w.writerow([a,d,k,v])
with open(O+'events.csv','w',newline='') as f:
    w=csv.writer(f); w.writerow(['account_id','occurred_at','type','event_id','priority'])
    for t in tk: w.writerow([t['account_id'],t['submitted_at'][:10],'ticket_opened',t['ticket_id'],t['priority']])
    for s in subs:
        w.writerow([s['account_id'],s['start_date'],'subscription_started',s['subscription_id']+'-start',''])
with open(O+'outcomes.csv','w',newline='') as f:
    w=csv.writer(f); w.writerow(['account_id','date','type','arr_before','arr_after'])
    seen=set()
    for c in ch:
        k=(c['account_id'],c['churn_date'])
        if k in seen: continue
        seen.add(k)
        w.writerow([c['account_id'],c['churn_date'],'churned',max(arr.get(c['account_id'],0),1),0])
