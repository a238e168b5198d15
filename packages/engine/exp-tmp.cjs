(async () => {
  const load = async (s) => { const f = require(s); return (typeof f === 'function' ? f : f.default)({print(){}, printErr(){}}); };
  const oj = await load('@cornerstonejs/codec-openjpeg/wasmjs');
  const ph = await load('@cornerstonejs/codec-openjph/wasmjs');
  const cl = await load('@cornerstonejs/codec-charls/wasmjs');
  const w = 300, h = 200;
  const src = new Int16Array(w*h); for (let i=0;i<src.length;i++) src[i] = ((i%w)*7 + Math.floor(i/w)*3) - 1000;
  for (const [name, Enc, Dec] of [['oj', oj.J2KEncoder, oj.J2KDecoder], ['ph', ph.HTJ2KEncoder, ph.HTJ2KDecoder]]) {
    const e = new Enc();
    try { const b = e.getDecodedBuffer({width:w,height:h,bitsPerSample:16,componentCount:1,isSigned:true,isUsingColorTransform:false}); b.set(new Uint8Array(src.buffer)); } catch (x) { console.log(name, 'getDecodedBuffer', String(x)); }
    try { e.setQuality(true, 0); } catch (x) { console.log(name, 'setQuality', String(x)); }
    try { e.setDecompositions(5); } catch (x) { console.log(name, 'setDecompositions', String(x)); }
    e.encode();
    const enc = e.getEncodedBuffer().slice();
    e.delete();
    console.log(name, 'encoded', enc.length, Array.from(enc.slice(0,4)));
    const d = new Dec();
    d.getEncodedBuffer(enc.length).set(enc);
    d.readHeader();
    console.log(name, d.getFrameInfo(), d.getNumDecompositions(), d.calculateSizeAtDecompositionLevel(2));
    d.decodeSubResolution(2, 0);
    console.log(name, 'sub', d.getDecodedBuffer().length, d.getFrameInfo());
    d.decode();
    const out = new Int16Array(d.getDecodedBuffer().slice().buffer);
    let same = out.length === src.length; for (let i=0;i<src.length && same;i++) same = out[i]===src[i];
    console.log(name, 'roundtrip', same, d.getFrameInfo());
    d.delete();
  }
  const e = new cl.JpegLSEncoder();
  const b = e.getDecodedBuffer({width:w,height:h,bitsPerSample:16,componentCount:1,isSigned:true}); b.set(new Uint8Array(src.buffer));
  e.setNearLossless(0);
  e.encode();
  console.log('charls', e.getEncodedBuffer().length);
})().catch(e => console.error('ERR', e));
