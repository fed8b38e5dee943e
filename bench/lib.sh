# Shared by bench/run and bench/daemon-rss: sourced, not run.

# Removes the containers and images labelled $1 (key=value). Containers are stopped first, one call
# at a time, then removed. Docker 20.10 here deadlocks (libnetwork; 'docker ps' answers, every stop
# hangs) when many of 1,000 running containers are stopped at once: a 'docker rm -f' of all, batches
# of 20, a 'docker kill' beside a 'docker stop', and batches of 10 each did after a few hundred.
# -t 0: a box's sleep ignores SIGTERM, and a 1 s grace made stopping 1,000 take ~18 minutes; stopped
# ones are removed ~300 a second. If it hangs anyway: kill dockerd, set the bench containers'
# RestartPolicy to "no" in /var/lib/docker/containers/*/hostconfig.json, start dockerd again (it
# kills what ran), then remove them.
bench_remove() {
  local label="$1"
  docker ps -q --filter "label=$label" | xargs -r -n 1 docker stop -t 0 >/dev/null
  docker ps -aq --filter "label=$label" | xargs -r -n 50 docker rm -f >/dev/null
  # children before parents: a parent's rmi fails while an image built FROM it exists, so a few passes
  for _ in 1 2 3 4; do
    docker images -q --filter "label=$label" | sort -u | xargs -r -n 50 docker rmi -f >/dev/null 2>&1 || true
  done
}
