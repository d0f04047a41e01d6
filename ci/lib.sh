# shellcheck shell=bash disable=SC2034
# Common settings and helpers for the foll-pin scripts. Source it, do not run it.
#
# Environment (all optional):
#   LINUX_GIT        git repository (path or URL) holding tag v5.4
#                    default: $FOLL_PIN_CACHE/linux.git
#   FOLL_PIN_CACHE   cache directory for the base, worktrees, builds, ccache, logs
#                    default: ${XDG_CACHE_HOME:-$HOME/.cache}/foll-pin
#   FOLL_PIN_BASE    base ref the series applies to (default: v5.4)
#   JOBS             parallel make jobs (default: nproc)
#   CCACHE_DIR       ccache directory (default: $FOLL_PIN_CACHE/ccache)

FOLL_PIN_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FOLL_PIN_CACHE=${FOLL_PIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/foll-pin}
FOLL_PIN_BASE=${FOLL_PIN_BASE:-v5.4}
FOLL_PIN_DEFAULT_GIT=$FOLL_PIN_CACHE/linux.git
FOLL_PIN_UPSTREAM_URL=https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git
# The worktree the series is applied to, and the quilt check's checkout.
FOLL_PIN_SRC=$FOLL_PIN_CACHE/linux
FOLL_PIN_QUILT_SRC=$FOLL_PIN_CACHE/linux-quilt
FOLL_PIN_LOGS=${FOLL_PIN_LOGS:-$FOLL_PIN_CACHE/logs}
FOLL_PIN_PATCHES=$FOLL_PIN_TOP/patches
FOLL_PIN_SERIES=$FOLL_PIN_TOP/series
JOBS=${JOBS:-$(nproc)}

# Reproducible kernel builds, so that ccache hits across runs.
export KBUILD_BUILD_TIMESTAMP='Sun Nov 24 16:32:01 PST 2019'
export KBUILD_BUILD_USER=foll-pin
export KBUILD_BUILD_HOST=foll-pin
export KBUILD_BUILD_VERSION=1
export CCACHE_DIR=${CCACHE_DIR:-$FOLL_PIN_CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-time_macros,include_file_mtime,include_file_ctime}
export LC_ALL=C

die() {
	echo "error: $*" >&2
	exit 1
}

info() {
	echo ">>> $*" >&2
}

is_url() {
	case $1 in
	*://* | git@*:*) return 0 ;;
	esac
	return 1
}

# has_base GIT: does repository GIT hold the base tag?
has_base() {
	[ -e "$1" ] && git -C "$1" rev-parse -q --verify "$FOLL_PIN_BASE^{commit}" >/dev/null 2>&1
}

# base_git: print the local repository that holds the base, or fail with
# instructions.
base_git() {
	local g=${LINUX_GIT:-$FOLL_PIN_DEFAULT_GIT}
	if is_url "$g"; then
		g=$FOLL_PIN_DEFAULT_GIT
	fi
	if ! has_base "$g"; then
		cat >&2 <<MSG
error: no Linux base: '$g' is not a git repository holding tag $FOLL_PIN_BASE.
       Run 'bash ci/setup' (it clones $FOLL_PIN_BASE into $FOLL_PIN_DEFAULT_GIT
       when the network allows), or set LINUX_GIT to a repository (bare or not)
       that has tag $FOLL_PIN_BASE, e.g. LINUX_GIT=\$HOME/src/linux.
MSG
		return 1
	fi
	(cd "$g" && pwd)
}

# series_patches [SERIES] [PART]: print the patch names of a quilt series
# file in order: comments ('#' to end of line) and blank lines are dropped,
# as are quilt's per-patch options. Only -p1 patches are supported. With
# PART, print only the patches of that part: a comment line
# '# Part N: SUBJECT' starts part N, and a series with parts may list no
# patch before the first of them.
series_patches() {
	local series=${1:-$FOLL_PIN_SERIES} part=${2:-}
	[ -f "$series" ] || die "series file '$series' not found"
	awk -v want="$part" '
		/^# Part [0-9]+: / { cur = $3; sub(/:$/, "", cur); parts = 1; next }
		{ sub(/#.*/, "") }
		NF == 0 { next }
		NF > 1 && !(NF == 2 && $2 == "-p1") {
			printf "error: %s:%d: unsupported series options: %s\n", FILENAME, NR, $0 > "/dev/stderr"
			bad = 1
		}
		parts && cur == "" {
			printf "error: %s:%d: %s comes before the first part\n", FILENAME, NR, $1 > "/dev/stderr"
			bad = 1
		}
		want == "" || cur == want { print $1 }
		END { exit bad }
	' "$series"
}

# series_parts [SERIES]: print the part numbers of a series file, one per
# line, in order (nothing for a series without parts).
series_parts() {
	local series=${1:-$FOLL_PIN_SERIES}
	[ -f "$series" ] || die "series file '$series' not found"
	awk '/^# Part [0-9]+: / { n = $3; sub(/:$/, "", n); print n }' "$series"
}

# series_part_subject N [SERIES]: print the subject of part N.
series_part_subject() {
	local series=${2:-$FOLL_PIN_SERIES}
	awk -v want="$1" '/^# Part [0-9]+: / {
		n = $3; sub(/:$/, "", n)
		if (n == want) { sub(/^# Part [0-9]+: /, ""); print; exit }
	}' "$series"
}

# fresh_checkout DIR [REF]: recreate DIR as a clone of the base sharing its
# objects, checked out (detached) at REF (default: the base tag).
fresh_checkout() {
	local dir=$1 ref=${2:-$FOLL_PIN_BASE} base
	base=$(base_git) || return 1
	rm -rf "$dir"
	mkdir -p "$(dirname "$dir")"
	git clone -q --shared --no-checkout "$base" "$dir"
	git -C "$dir" -c advice.detachedHead=false checkout -q "$ref^{commit}"
}

# sync_checkout DIR FROM: make DIR a clone of the base, checked out
# (detached) at the commit FROM (a repository) has at HEAD. DIR persists
# across runs: checking out the new commit rewrites only the files that
# differ from the last one, so that an incremental build in DIR recompiles
# only what the change affects, where a fresh clone would give every file a
# new mtime. Local changes in DIR are discarded.
sync_checkout() {
	local dir=$1 from top
	from=$(cd "$2" && pwd) || die "no repository at $2"
	# Reuse DIR only if it is a repository of its own (not a directory
	# inside another checkout, nor a clone cut short) whose borrowed
	# objects are still there.
	top=$(git -C "$dir" rev-parse --show-toplevel 2>/dev/null) || top=
	if [ "$top" != "$(cd "$dir" 2>/dev/null && pwd -P)" ] ||
		! git -C "$dir" fetch -q --no-tags "$from" HEAD 2>/dev/null; then
		fresh_checkout "$dir" || return 1
		git -C "$dir" fetch -q --no-tags "$from" HEAD ||
			die "cannot fetch HEAD of $from into $dir"
	fi
	git -C "$dir" -c advice.detachedHead=false checkout -q -f --detach FETCH_HEAD
	git -C "$dir" clean -q -f -d
}

# load_series ARRAY [SERIES]: read the patch names of SERIES into ARRAY.
load_series() {
	local -n _names=$1
	local _s
	_s=$(series_patches "${2:-$FOLL_PIN_SERIES}") || return 1
	_names=()
	[ -z "$_s" ] || mapfile -t _names <<<"$_s"
}

# print_usage: print the comment block at the top of the running script.
print_usage() {
	awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}
