#!/bin/sh
# Juju runs this for every hook and action. It finds Node.js ^18.19 or >= 20.5 and hands over to the charm's bundle.
#
# - The node found is cached in .node-path, so later hooks skip `node --version` (one process instead of two).
# - With no suitable node, it installs the `nodejs` apt package (after `apt-get update` if the first try fails).
# - If that fails too, it sets a blocked status, logs why and exits 0: Juju then carries on, and the next
#   hook (update-status at the latest) tries again. An error status would stop the unit's other hooks instead.
# - The last line names the entrypoint, where charmcraft's analyzers look for it.
set -u

# Juju runs hooks in the charm directory and says so in JUJU_CHARM_DIR.
if [ -n "${JUJU_CHARM_DIR:-}" ]; then
  cd "$JUJU_CHARM_DIR" || exit 1
fi
# Juju < 2.8 runs hooks/NAME (a link to this file) and sets no JUJU_DISPATCH_PATH.
if [ -z "${JUJU_DISPATCH_PATH:-}" ]; then
  case $0 in
    hooks/* | */hooks/*) JUJU_DISPATCH_PATH="hooks/${0##*/}" && export JUJU_DISPATCH_PATH ;;
  esac
fi

# update-status, which Juju runs every 5 minutes for the unit's life, starts from a startup snapshot of the loaded
# charm, built on the unit by an update-status on Node builds that can (charm-build's code-cache/startup-snapshot.ts).
# .node-snapshot names the node, the charm directory and the blob; it is used only with the node in .node-path, in
# that directory, for this build of the bundle. This comes first, so that sh reads no further on that path.
# Node aborts on a blob it cannot use before any charm code runs, so the hook starts from it after making
# .node-snapshot.pending, which the charm removes first thing: if the file is still there when node ends, the charm
# never ran, and the rest of this file marks the blob refused and runs the hook without it.
bundle_hash=@BUNDLE_HASH@
snapshot_marker=.node-snapshot
snapshot_pending=.node-snapshot.pending
here=${JUJU_CHARM_DIR:-$PWD}
if [ "${JUJU_DISPATCH_PATH:-}" = hooks/update-status ] && [ -r "$snapshot_marker" ] && [ -r .node-path ] && [ ! -e "$snapshot_pending" ]; then
  node=""
  snapshot=""
  { IFS= read -r snapshot_node && IFS= read -r snapshot_dir && IFS= read -r snapshot; } <"$snapshot_marker" || snapshot=""
  IFS= read -r node <.node-path || node=""
  case $snapshot in
    "dist/charm.bundle.js.$bundle_hash-"*.snapshot) ;;
    *) snapshot="" ;;
  esac
  if [ -n "$snapshot" ] && [ "$snapshot_node" = "$node" ] && [ "$snapshot_dir" = "$here" ] && [ -f "$node" ] && [ -x "$node" ] &&
    [ -f "$snapshot" ] && { : >"$snapshot_pending"; } 2>/dev/null; then
    "$node" --snapshot-blob "$snapshot" dist/charm.js
    status=$?
    [ -e "$snapshot_pending" ] || exit "$status"
  fi
fi

# execa 9, in the bundle, declares engines "^18.19.0 || >=20.5.0": 18.0-18.18, 19.x and 20.0-20.4 cannot run it.
wanted='^18.19.0 || >=20.5.0'
cache=.node-path
# Only the tests change it: the build machine's own /usr/bin/node must not leak into them.
fallback_node=${CHARM_DISPATCH_FALLBACK_NODE:-/usr/bin/node}

log() { # LEVEL MESSAGE
  if command -v juju-log >/dev/null 2>&1; then
    juju-log --log-level "$1" -- "$2"
  else
    echo "dispatch: $2" >&2
  fi
}

too_old=""
# Succeeds when MAJOR MINOR satisfy $wanted.
version_wanted() {
  [ "$1" -gt 20 ] && return 0
  [ "$1" -eq 20 ] && [ "$2" -ge 5 ] && return 0
  [ "$1" -eq 18 ] && [ "$2" -ge 19 ] && return 0
  return 1
}

# Succeeds when $1 runs and reports a version that satisfies $wanted; remembers the others for the message.
is_recent_node() {
  version=$("$1" --version 2>/dev/null) || return 1
  rest=${version#v}
  major=${rest%%.*}
  rest=${rest#*.}
  minor=${rest%%.*}
  case $major$minor in
    '' | *[!0-9]*) return 1 ;;
  esac
  [ -n "$minor" ] || return 1
  if ! version_wanted "$major" "$minor"; then
    too_old="${too_old:+$too_old, }$1 is $version"
    return 1
  fi
  return 0
}

# Sets `node` to the first suitable candidate: node, nodejs, then the fallback path.
find_node() {
  for name in node nodejs; do
    candidate=$(command -v "$name" 2>/dev/null) || continue
    if is_recent_node "$candidate"; then
      node=$candidate
      return 0
    fi
  done
  if [ -x "$fallback_node" ] && is_recent_node "$fallback_node"; then
    node=$fallback_node
    return 0
  fi
  return 1
}

apt_install_nodejs() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -o DPkg::Lock::Timeout=300 nodejs >&2
}

install_nodejs() {
  if ! command -v apt-get >/dev/null 2>&1; then
    reason="no Node.js $wanted found${too_old:+ ($too_old)} and apt-get is not available"
    return 1
  fi
  log INFO "no Node.js $wanted found; installing the nodejs apt package"
  if ! apt_install_nodejs; then
    log WARNING "apt-get install nodejs failed; running apt-get update and trying again"
    DEBIAN_FRONTEND=noninteractive apt-get update -o DPkg::Lock::Timeout=300 >&2
    if ! apt_install_nodejs; then
      reason="apt-get install nodejs failed (see the unit log; check the machine's apt sources and proxy)"
      return 1
    fi
  fi
  too_old=""
  if ! find_node; then
    reason="apt installed nodejs, but no Node.js $wanted is on the machine (${too_old:-no node found}); use an ubuntu@24.04 base"
    return 1
  fi
}

give_up() { # REASON: blocked status, a log line, and success, so that the next hook retries
  log ERROR "cannot run the charm: $1"
  if command -v status-set >/dev/null 2>&1; then
    status-set blocked "Node.js $wanted is required: $1"
  fi
  if [ -n "${JUJU_ACTION_NAME:-}" ] && command -v action-fail >/dev/null 2>&1; then
    action-fail -- "Node.js $wanted is required: $1"
  fi
  exit 0
}

node=""
if [ -r "$cache" ]; then
  IFS= read -r node <"$cache" || true
  # A cached path that vanished (node removed) is looked up again below.
  if [ ! -f "$node" ] || [ ! -x "$node" ]; then
    node=""
  fi
fi
if [ -z "$node" ]; then
  reason=""
  find_node || install_nodejs || give_up "$reason"
  case $node in
    /*) printf '%s\n' "$node" >"$cache" 2>/dev/null || true ;; # a torn write only costs a new lookup
  esac
fi

# Left by an update-status whose node never reached the charm (above, or one killed at once): that blob is not
# tried again for this node and build.
if [ -e "$snapshot_pending" ]; then
  snapshot_node=""
  snapshot=""
  { IFS= read -r snapshot_node && IFS= read -r snapshot_dir && IFS= read -r snapshot; } <"$snapshot_marker" 2>/dev/null
  case $snapshot in
    '' | refused\ *) ;;
    *) printf '%s\n%s\nrefused %s\n' "$snapshot_node" "$here" "$snapshot" >"$snapshot_marker" 2>/dev/null || true ;;
  esac
  rm -f "$snapshot_pending"
  log WARNING "$snapshot_node could not start from the startup snapshot $snapshot; update-status runs without it"
fi

exec "$node" dist/charm.js
