# Shared by bench/run and bench/daemon-rss: sourced, not run.

# Removes the containers and images labelled $1 (key=value). Containers are stopped first, 10 at a
# time and one call after the other, then removed: 'docker rm -f' of 1,000 running containers
# deadlocked Docker 20.10's libnetwork here, once in one call and twice more in batches of 20, and so
# did a 'docker kill' run beside a 'docker stop'. -t 0: a box's sleep ignores SIGTERM, and a 1 s
# grace made stopping 1,000 take ~18 minutes; stopped ones are removed ~300 a second.
bench_remove() {
  local label="$1"
  docker ps -q --filter "label=$label" | xargs -r -n 10 docker stop -t 0 >/dev/null
  docker ps -aq --filter "label=$label" | xargs -r -n 50 docker rm -f >/dev/null
  # children before parents: a parent's rmi fails while an image built FROM it exists, so a few passes
  for _ in 1 2 3 4; do
    docker images -q --filter "label=$label" | sort -u | xargs -r -n 50 docker rmi -f >/dev/null 2>&1 || true
  done
}
