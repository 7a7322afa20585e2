// A libzmq 4.3.5 implementation under test: the npm `zeromq` package (its
// prebuilt libzmq), installed into build/npm by scripts/setup.sh.
//   node target.js TYPE MECHANISM       TYPE: Reply or Router (echo), MECHANISM: NULL or CURVE
// Prints "ready PORT [KEY] VERSION" when it listens; serves until killed.
const zmq = require(process.env.ZMQSCOPE_NPM_ZEROMQ || "zeromq");

async function main() {
    const [kind, mechanism] = process.argv.slice(2);
    let key = "";
    const options = {};
    if (mechanism === "CURVE") {
        const pair = zmq.curveKeyPair();
        Object.assign(options, {curveServer: true, curveSecretKey: pair.secretKey, curvePublicKey: pair.publicKey});
        key = pair.publicKey;
    }
    const sock = new zmq[kind](options);
    await sock.bind("tcp://127.0.0.1:0");
    const port = sock.lastEndpoint.split(":").pop();
    console.log("ready", port, key, zmq.version);
    for await (const msg of sock)
        await sock.send(msg);
}
main();
