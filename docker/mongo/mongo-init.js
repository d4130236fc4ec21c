// Run once by the mongo-init service (docker/compose.prod.yml), with mongosh against mongo1,
// after the three members answer. Safe to run again: it only does what is not done yet.
// 1. Initiates the replica set rs0 (members by the names their certificates carry).
// 2. Signs in as root (created by mongo1 on its first start) and creates the service user,
//    with readWrite on the service's database only, its password from a Docker secret.
/* global db, rs, print, sleep -- mongosh's shell globals */
// mongosh scripts load Node's built-ins with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('fs');
const secret = (name) => fs.readFileSync(`/run/secrets/${name}`, 'utf8').replace(/\r?\n$/, '');

const admin = db.getSiblingDB('admin');
admin.auth('root', secret('mongodb-root-password'));

let initiated = true;
try {
  rs.status();
} catch (error) {
  if (!/no replset config|NotYetInitialized/i.test(String(error.message) + String(error.codeName))) throw error;
  initiated = false;
}
if (!initiated) {
  rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo1:27017', priority: 2 }, { _id: 1, host: 'mongo2:27017' }, { _id: 2, host: 'mongo3:27017' }] });
  print('mongo-init: replica set rs0 initiated');
}
for (let waited = 0; !db.hello().isWritablePrimary; waited += 1) {
  if (waited > 120) throw new Error('mongo1 did not become primary within two minutes');
  sleep(1000);
}

const user = process.env.MONGODB_SERVICE_USER;
const database = process.env.MONGODB_DATABASE;
const password = secret('mongodb-password');
const roles = [{ role: 'readWrite', db: database }];
if (admin.getUser(user) === null) {
  admin.createUser({ user, pwd: password, roles }, { w: 'majority' });
  print(`mongo-init: created the service user ${user}`);
} else {
  admin.updateUser(user, { pwd: password, roles }, { w: 'majority' });
  print(`mongo-init: the service user ${user} exists; its password and roles are the configured ones`);
}
