#!/bin/sh
# Charter's agent steps. Charter runs one step per sandbox, in turn, on the same work folder, and writes this file
# again before each (nothing of a step is left running when the next starts). Lines that begin with "charter-" are
# what Charter reads; everything the repository's own commands print is indented by "  | ", so it cannot pass for one.
set -u
R=/workspace/repo
C=/workspace/.charter
export HOME=/workspace/home GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 GIT_ADVICE=0
export GIT_AUTHOR_NAME=Charter GIT_AUTHOR_EMAIL=agent@charter.invalid
export GIT_COMMITTER_NAME=Charter GIT_COMMITTER_EMAIL=agent@charter.invalid

# runs a command with its output indented; its exit status in $rc
quoted() {
  ( "$@"; echo $? > $C/rc ) 2>&1 | sed 's/^/  | /'
  rc=$(cat $C/rc 2>/dev/null || echo 1)
}

proxy() {
  rm -f $C/ready
  python3 $C/forward.py 2>$C/forward.err &
  i=0
  while [ ! -f $C/ready ] && [ $i -lt 250 ]; do i=$((i + 1)); sleep 0.02; done
  [ -f $C/ready ] || { echo "charter-error the forwarder to the egress socket did not start"; exit 3; }
}

G() {
  git -c http.proxy=http://127.0.0.1:3128 -c "http.extraHeader=Proxy-Authorization: Bearer $CHARTER_SESSION_TOKEN" "$@"
}

api() { # method url [body file]
  if [ $# -ge 3 ]; then
    curl -s -o $C/api.out -w '%{http_code}' --unix-socket "$CHARTER_EGRESS_SOCKET" -X "$1" \
      -H "Proxy-Authorization: Bearer $CHARTER_SESSION_TOKEN" -H 'Accept: application/vnd.github+json' \
      -H 'Content-Type: application/json' --data-binary "@$3" "$2"
  else
    curl -s -o $C/api.out -w '%{http_code}' --unix-socket "$CHARTER_EGRESS_SOCKET" -X "$1" \
      -H "Proxy-Authorization: Bearer $CHARTER_SESSION_TOKEN" -H 'Accept: application/vnd.github+json' "$2"
  fi
}

step=$1
shift
case $step in
clone) # git-url api-url owner repo good bad
  proxy
  quoted G clone --quiet --no-checkout "$1" $R
  [ "$rc" = 0 ] || { echo "charter-error the repository could not be cloned"; exit 2; }
  code=$(api GET "$2/repos/$3/$4")
  [ "$code" = 200 ] && python3 -c 'import json,sys; print("charter-default-branch " + json.load(open(sys.argv[1]))["default_branch"])' $C/api.out
  cd $R
  good=$(git rev-parse --verify --quiet "$5^{commit}") || { echo "charter-error the fast version $5 is not in the repository"; exit 2; }
  bad=$(git rev-parse --verify --quiet "$6^{commit}") || { echo "charter-error the slow version $6 is not in the repository"; exit 2; }
  echo "charter-rev good $good"
  echo "charter-rev bad $bad"
  git merge-base --is-ancestor "$good" "$bad" || { echo "charter-error $5 is not an ancestor of $6"; exit 2; }
  git log --first-parent --reverse --format='charter-commit %H %s' "$good..$bad" | head -n 1025
  if git cat-file -e "$bad:.charter/perf.properties" 2>/dev/null; then
    git show "$bad:.charter/perf.properties" | head -n 200 | sed 's/^/charter-config /'
  fi
  ;;
prepare) # commit: its own worktree, built
  cd $R
  d=/workspace/v/$1
  if [ ! -d "$d" ]; then
    quoted git worktree add --quiet --detach "$d" "$1"
    [ "$rc" = 0 ] || { echo "charter-error could not check out $1"; exit 2; }
  fi
  cd "$d"
  if [ -s $C/build ]; then
    quoted sh $C/build
    [ "$rc" = 0 ] || { echo "charter-error the build failed at $1 (exit $rc)"; exit 4; }
  fi
  echo "charter-built $1"
  ;;
test) # commit
  cd "/workspace/v/$1"
  quoted sh $C/test
  echo "charter-test $1 $rc"
  ;;
bench) # runs commit...: each run measures every commit once, in turn, so drift hits them alike
  n=$1
  shift
  i=0
  while [ $i -lt "$n" ]; do
    i=$((i + 1))
    for c in "$@"; do
      cd "/workspace/v/$c"
      t0=$(date +%s%N)
      sh $C/bench > $C/bench.out 2>&1
      r=$?
      t1=$(date +%s%N)
      tail -n 5 $C/bench.out | sed 's/^/  | /'
      [ $r = 0 ] || { echo "charter-error the benchmark failed at $c (exit $r)"; exit 5; }
      m=$(grep -E '^charter-metric [0-9.eE+-]+$' $C/bench.out | tail -n 1 | cut -d' ' -f2)
      echo "charter-sample $c ${m:-$(((t1 - t0) / 1000))}"
    done
  done
  ;;
revert) # slow-commit culprit branch
  cd $R
  git checkout --quiet -B "$3" "$1" || { echo "charter-error could not make the case branch"; exit 6; }
  quoted git revert --no-edit "$2"
  if [ "$rc" != 0 ]; then
    git revert --abort 2>/dev/null
    echo "charter-error the culprit does not revert cleanly on $1"
    exit 6
  fi
  echo "charter-fix $(git rev-parse HEAD)"
  git diff --name-only "$1" HEAD | sed 's/^/charter-changed /'
  ;;
show) # culprit slow-commit: the culprit's diff and the files it touched as they are in the slow version, in base64
  # lines of 3,000 characters ("charter-data"), each piece after its "charter-diff" or "charter-file <path>" line
  cd $R
  echo "charter-diff"
  git show --format='%H %s' --no-color "$1" | head -c 60000 | base64 -w 3000 | sed 's/^/charter-data /'
  git diff-tree --no-commit-id --name-only -r "$1" | head -n 50 | while read -r f; do
    if git cat-file -e "$2:$f" 2>/dev/null; then
      echo "charter-file $(printf '%s' "$f" | base64 -w0)"
      git show "$2:$f" | head -c 100000 | base64 -w 3000 | sed 's/^/charter-data /'
    fi
  done
  ;;
apply) # slow-commit branch: the proposed files in $C/proposal (one per line of its index: path, then file number)
  cd $R
  git checkout --quiet -B "$2" "$1" || { echo "charter-error could not make the case branch"; exit 6; }
  n=0
  while read -r f; do
    n=$((n + 1))
    mkdir -p "$(dirname "$f")" && cp "$C/proposal/$n" "$f" || { echo "charter-error could not write $f"; exit 6; }
  done < $C/proposal/index
  git add -A && quoted git commit --quiet -F $C/proposal/message
  [ "$rc" = 0 ] || { echo "charter-error the proposed change changes nothing"; exit 6; }
  echo "charter-fix $(git rev-parse HEAD)"
  git diff --name-only "$1" HEAD | sed 's/^/charter-changed /'
  ;;
push) # branch
  proxy
  cd $R
  quoted G push --quiet --force origin "HEAD:refs/heads/$1"
  [ "$rc" = 0 ] || { echo "charter-error the push was refused"; exit 7; }
  echo "charter-pushed $1"
  ;;
pull) # api-url owner repo: opens the draft pull request in $C/pull.json
  code=$(api POST "$1/repos/$2/$3/pulls" $C/pull.json)
  echo "charter-pull-status $code"
  [ "$code" = 201 ] || { sed 's/^/  | /' $C/api.out; echo "charter-error the pull request was not opened"; exit 8; }
  ;;
*)
  echo "charter-error unknown step $step"
  exit 1
  ;;
esac
