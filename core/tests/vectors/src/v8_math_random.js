// Math.random() of a fresh `node --random-seed=SEED` process: 300 values (several cache
// refills), each printed the ways ids print it. Line: seed index String(x) x.toString(36)
// Math.floor(x*1000) Math.floor(x*62) x.toString(36).substr(2, 8)
const seed = process.execArgv.find(a => a.startsWith('--random-seed=')).split('=')[1];
for (let i = 0; i < 300; i++) {
  const x = Math.random();
  console.log(seed, i, String(x), x.toString(36), Math.floor(x * 1000), Math.floor(x * 62),
    x.toString(36).substr(2, 8));
}
