# shellcheck shell=bash
# free_port: a free loopback port below the kernel's ephemeral range, so that no client socket or
# port-0 server of another program takes it between the check and the bind. Sourced by bench/*.sh.
ephemeral_low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
[ "$ephemeral_low" -gt 12000 ] || ephemeral_low=32768
taken=" "
free_port() {
  local p
  while :; do
    p=$((10000 + RANDOM % (ephemeral_low - 10000)))
    [[ $taken == *" $p "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue
    taken+="$p "
    echo "$p"
    return
  done
}
