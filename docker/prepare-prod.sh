#!/usr/bin/env bash
# Makes, once, what docker/compose.prod.yml needs and must not be in the repository:
#   docker/certs/   a CA, and a certificate per node name (node1-3 for KurrentDB, mongo1-3 for
#                   MongoDB), made with KurrentDB's es-gencert-cli (in a container)
#   docker/secrets/ the passwords (KurrentDB admin, the service user on each engine, MongoDB
#                   root), MongoDB's replica-set key file, the checkpoint signing key
# Existing files are kept: run it again after adding a node, never to rotate by accident.
set -euo pipefail
cd "$(dirname "$0")"
GENCERT=docker.kurrent.io/eventstore-utils/es-gencert-cli:latest
mkdir -p certs secrets
chmod 700 secrets

gencert() { docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/certs:/certs" "$GENCERT" "$@"; }

[ -f certs/ca/ca.crt ] || gencert create-ca -out /certs/ca
for node in node1 node2 node3; do
  [ -f "certs/$node/node.crt" ] || gencert create-node -ca-certificate /certs/ca/ca.crt -ca-key /certs/ca/ca.key -out "/certs/$node" -dns-names "$node"
done
for member in mongo1 mongo2 mongo3; do
  if [ ! -f "certs/$member/mongo.pem" ]; then
    gencert create-node -ca-certificate /certs/ca/ca.crt -ca-key /certs/ca/ca.key -out "/certs/$member" -dns-names "$member"
    cat "certs/$member/node.crt" "certs/$member/node.key" > "certs/$member/mongo.pem"
  fi
done
# The containers run as their own users: the certificates must be readable to them. Keep the
# folder itself closed to other users of the host.
chmod -R a+rX certs
chmod 711 certs

password() { [ -f "secrets/$1" ] || (umask 077 && openssl rand -base64 32 | tr -d '\n=+/' > "secrets/$1"); }
password kurrentdb-admin-password
password eventstore-password
password mongodb-root-password
password mongodb-password
[ -f secrets/mongodb-keyfile ] || (umask 077 && openssl rand -base64 756 > secrets/mongodb-keyfile)
[ -f secrets/ledger-signing-key.pem ] || (umask 077 && openssl genpkey -algorithm ed25519 -out secrets/ledger-signing-key.pem)
chmod a+r secrets/*
echo "certificates in docker/certs, secrets in docker/secrets; next: docker compose -f docker/compose.prod.yml up --build -d"
