let worst = 0; let last = performance.now();
const t = setInterval(() => { const n = performance.now(); worst = Math.max(worst, n - last - 10); last = n; }, 10);
await new Promise((r) => setTimeout(r, 3000));
clearInterval(t); console.log('idle worst extra gap', Math.round(worst));
