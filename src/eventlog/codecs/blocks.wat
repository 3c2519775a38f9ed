;; The inner loops of the LZF, Snappy and LZ4 block decoders (lzf.ts lzfDecode, snappyBlock.ts
;; decodeSnappyBlock, lz4Block.ts decodeLz4Block)
;; in WebAssembly: the same format rules and bound checks, about twice the speed of the JavaScript ones.
;; Each function decodes [ip, iend) into [op, oend) of the one memory and returns the bytes written, or a
;; negative number for any fault; the caller then runs the JavaScript decoder, which names the fault.
;; Every length is compared as unsigned against what is left (never as ip + len, which could wrap).
;; Assembled by tools/wasm/assemble.ts into blocksWasm.ts.
(module
  (memory (export "memory") 2)

  ;; Copies are inlined (V8 does not inline these calls): a literal from the input, or a back-reference from
  ;; what was decoded; above 16 bytes one memory.copy, below byte by byte (cheaper), and byte by byte, in order,
  ;; whenever a back-reference overlaps what it copies (distance < length repeats the last `distance` bytes).
  ;; Every length but LZ4's literal count (which may be 0) is ≥ 1 there, so those byte loops run at least once.

  ;; LZF (liblzf lzf_d.c): control < 32 is a literal run of control + 1 bytes; else a back-reference of
  ;; (control >> 5, + the next byte when 7) + 2 bytes, ((control & 31) << 8) + the next byte + 1 back
  (func (export "lzf") (param $ip i32) (param $iend i32) (param $op i32) (param $oend i32) (result i32)
    (local $ctrl i32) (local $len i32) (local $distance i32) (local $obase i32) (local $from i32) (local $i i32)
    (local.set $obase (local.get $op))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ip) (local.get $iend)))
        (local.set $ctrl (i32.load8_u (local.get $ip)))
        (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
        (if (i32.lt_u (local.get $ctrl) (i32.const 32))
          (then
            (local.set $len (i32.add (local.get $ctrl) (i32.const 1)))
            (if (i32.gt_u (local.get $len) (i32.sub (local.get $iend) (local.get $ip))) (then (return (i32.const -1))))
            (if (i32.gt_u (local.get $len) (i32.sub (local.get $oend) (local.get $op))) (then (return (i32.const -2))))
            (if (i32.gt_u (local.get $len) (i32.const 16))
              (then (memory.copy (local.get $op) (local.get $ip) (local.get $len)))
              (else
                (local.set $i (i32.const 0))
                (loop $lit
                  (i32.store8 (i32.add (local.get $op) (local.get $i)) (i32.load8_u (i32.add (local.get $ip) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $lit (i32.lt_u (local.get $i) (local.get $len))))))
            (local.set $ip (i32.add (local.get $ip) (local.get $len)))
            (local.set $op (i32.add (local.get $op) (local.get $len)))
            (br $next)))
        (local.set $len (i32.shr_u (local.get $ctrl) (i32.const 5)))
        (if (i32.eq (local.get $len) (i32.const 7))
          (then
            (if (i32.ge_u (local.get $ip) (local.get $iend)) (then (return (i32.const -3))))
            (local.set $len (i32.add (local.get $len) (i32.load8_u (local.get $ip))))
            (local.set $ip (i32.add (local.get $ip) (i32.const 1)))))
        (if (i32.ge_u (local.get $ip) (local.get $iend)) (then (return (i32.const -3))))
        (local.set $distance
          (i32.add
            (i32.or (i32.shl (i32.and (local.get $ctrl) (i32.const 31)) (i32.const 8)) (i32.load8_u (local.get $ip)))
            (i32.const 1)))
        (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
        (local.set $len (i32.add (local.get $len) (i32.const 2)))
        (if (i32.gt_u (local.get $distance) (i32.sub (local.get $op) (local.get $obase))) (then (return (i32.const -4))))
        (if (i32.gt_u (local.get $len) (i32.sub (local.get $oend) (local.get $op))) (then (return (i32.const -2))))
        (local.set $from (i32.sub (local.get $op) (local.get $distance)))
        (if (i32.and (i32.gt_u (local.get $len) (i32.const 16)) (i32.ge_u (local.get $distance) (local.get $len)))
          (then (memory.copy (local.get $op) (local.get $from) (local.get $len)))
          (else
            (local.set $i (i32.const 0))
            (loop $m
              (i32.store8 (i32.add (local.get $op) (local.get $i)) (i32.load8_u (i32.add (local.get $from) (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $m (i32.lt_u (local.get $i) (local.get $len))))))
        (local.set $op (i32.add (local.get $op) (local.get $len)))
        (br $next)))
    (i32.sub (local.get $op) (local.get $obase)))

  ;; Snappy elements (format_description.txt), after the block's uncompressed-length varint: by the low 2 bits
  ;; of a tag, 00 a literal (length − 1 in the high 6 bits, or for 60–63 in the next 1–4 bytes LE), 01 a copy
  ;; of 4–11 bytes with an 11-bit offset, 10 / 11 a copy of 1–64 bytes with a 2 / 4-byte LE offset
  (func (export "snappy") (param $ip i32) (param $iend i32) (param $op i32) (param $oend i32) (result i32)
    (local $tag i32) (local $kind i32) (local $len i32) (local $n i32) (local $value i32) (local $offset i32)
    (local $obase i32) (local $from i32) (local $i i32)
    (local.set $obase (local.get $op))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ip) (local.get $iend)))
        (local.set $tag (i32.load8_u (local.get $ip)))
        (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
        (local.set $kind (i32.and (local.get $tag) (i32.const 3)))
        (if (i32.eqz (local.get $kind))
          (then
            (local.set $len (i32.add (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 1)))
            (if (i32.gt_u (local.get $len) (i32.const 60))
              (then
                (local.set $n (i32.sub (local.get $len) (i32.const 60)))
                (if (i32.gt_u (local.get $n) (i32.sub (local.get $iend) (local.get $ip))) (then (return (i32.const -1))))
                ;; the n bytes LE, read from the last: value = length − 1, up to 2^32 − 1
                (local.set $value (i32.const 0))
                (loop $le
                  (local.set $n (i32.sub (local.get $n) (i32.const 1)))
                  (local.set $value
                    (i32.or (i32.shl (local.get $value) (i32.const 8))
                      (i32.load8_u (i32.add (local.get $ip) (local.get $n)))))
                  (br_if $le (i32.gt_u (local.get $n) (i32.const 0))))
                (local.set $ip (i32.add (local.get $ip) (i32.sub (local.get $len) (i32.const 60))))
                ;; length = value + 1 > left  ⇔  value ≥ left (value + 1 may wrap)
                (if (i32.ge_u (local.get $value) (i32.sub (local.get $iend) (local.get $ip))) (then (return (i32.const -1))))
                (local.set $len (i32.add (local.get $value) (i32.const 1))))
              (else
                (if (i32.gt_u (local.get $len) (i32.sub (local.get $iend) (local.get $ip))) (then (return (i32.const -1))))))
            (if (i32.gt_u (local.get $len) (i32.sub (local.get $oend) (local.get $op))) (then (return (i32.const -2))))
            (if (i32.gt_u (local.get $len) (i32.const 16))
              (then (memory.copy (local.get $op) (local.get $ip) (local.get $len)))
              (else
                (local.set $i (i32.const 0))
                (loop $lit
                  (i32.store8 (i32.add (local.get $op) (local.get $i)) (i32.load8_u (i32.add (local.get $ip) (local.get $i))))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $lit (i32.lt_u (local.get $i) (local.get $len))))))
            (local.set $ip (i32.add (local.get $ip) (local.get $len)))
            (local.set $op (i32.add (local.get $op) (local.get $len)))
            (br $next)))
        ;; a copy: 1, 2 or 4 offset bytes
        (local.set $n (select (i32.const 4) (local.get $kind) (i32.eq (local.get $kind) (i32.const 3))))
        (if (i32.gt_u (local.get $n) (i32.sub (local.get $iend) (local.get $ip))) (then (return (i32.const -3))))
        (if (i32.eq (local.get $kind) (i32.const 1))
          (then
            (local.set $len (i32.add (i32.and (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 7)) (i32.const 4)))
            (local.set $offset
              (i32.or (i32.shl (i32.shr_u (local.get $tag) (i32.const 5)) (i32.const 8)) (i32.load8_u (local.get $ip)))))
          (else
            (local.set $len (i32.add (i32.shr_u (local.get $tag) (i32.const 2)) (i32.const 1)))
            (local.set $offset
              (if (result i32) (i32.eq (local.get $kind) (i32.const 3))
                (then (i32.load (local.get $ip)))
                (else (i32.load16_u (local.get $ip)))))))
        (local.set $ip (i32.add (local.get $ip) (local.get $n)))
        (if (i32.or (i32.eqz (local.get $offset))
                    (i32.gt_u (local.get $offset) (i32.sub (local.get $op) (local.get $obase))))
          (then (return (i32.const -4))))
        (if (i32.gt_u (local.get $len) (i32.sub (local.get $oend) (local.get $op))) (then (return (i32.const -2))))
        (local.set $from (i32.sub (local.get $op) (local.get $offset)))
        (if (i32.and (i32.gt_u (local.get $len) (i32.const 16)) (i32.ge_u (local.get $offset) (local.get $len)))
          (then (memory.copy (local.get $op) (local.get $from) (local.get $len)))
          (else
            (local.set $i (i32.const 0))
            (loop $m
              (i32.store8 (i32.add (local.get $op) (local.get $i)) (i32.load8_u (i32.add (local.get $from) (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $m (i32.lt_u (local.get $i) (local.get $len))))))
        (local.set $op (i32.add (local.get $op) (local.get $len)))
        (br $next)))
    (i32.sub (local.get $op) (local.get $obase)))

  ;; LZ4 sequences (lz4_Block_format.md): a token (literals << 4 | match − 4), literal length bytes while 255,
  ;; the literals, then (but after the last sequence) an offset u16 LE and match length bytes while 255. Both
  ;; lengths are sums of bytes of the block: under wasmBlocks.ts's 16 MiB they cannot pass 2^32.
  (func (export "lz4") (param $ip i32) (param $iend i32) (param $op i32) (param $oend i32) (result i32)
    (local $token i32) (local $len i32) (local $b i32) (local $offset i32) (local $obase i32) (local $from i32)
    (local $i i32)
    (local.set $obase (local.get $op))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $ip) (local.get $iend)))
        (local.set $token (i32.load8_u (local.get $ip)))
        (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
        (local.set $len (i32.shr_u (local.get $token) (i32.const 4)))
        (if (i32.eq (local.get $len) (i32.const 15))
          (then
            (loop $more
              (if (i32.ge_u (local.get $ip) (local.get $iend)) (then (return (i32.const -1))))
              (local.set $b (i32.load8_u (local.get $ip)))
              (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
              (local.set $len (i32.add (local.get $len) (local.get $b)))
              (br_if $more (i32.eq (local.get $b) (i32.const 255))))))
        (if (i32.gt_u (local.get $len) (i32.sub (local.get $iend) (local.get $ip))) (then (return (i32.const -1))))
        (if (i32.gt_u (local.get $len) (i32.sub (local.get $oend) (local.get $op))) (then (return (i32.const -2))))
        (if (i32.gt_u (local.get $len) (i32.const 16))
          (then (memory.copy (local.get $op) (local.get $ip) (local.get $len)))
          (else
            (local.set $i (i32.const 0))
            (block $none
              (loop $lit
                (br_if $none (i32.ge_u (local.get $i) (local.get $len)))
                (i32.store8 (i32.add (local.get $op) (local.get $i)) (i32.load8_u (i32.add (local.get $ip) (local.get $i))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $lit)))))
        (local.set $ip (i32.add (local.get $ip) (local.get $len)))
        (local.set $op (i32.add (local.get $op) (local.get $len)))
        (br_if $done (i32.eq (local.get $ip) (local.get $iend))) ;; the last sequence: literals only
        (if (i32.gt_u (i32.const 2) (i32.sub (local.get $iend) (local.get $ip))) (then (return (i32.const -3))))
        (local.set $offset (i32.load16_u (local.get $ip)))
        (if (i32.or (i32.eqz (local.get $offset))
                    (i32.gt_u (local.get $offset) (i32.sub (local.get $op) (local.get $obase))))
          (then (return (i32.const -4))))
        (local.set $ip (i32.add (local.get $ip) (i32.const 2)))
        (local.set $len (i32.add (i32.and (local.get $token) (i32.const 15)) (i32.const 4)))
        (if (i32.eq (local.get $len) (i32.const 19))
          (then
            (loop $more
              (if (i32.ge_u (local.get $ip) (local.get $iend)) (then (return (i32.const -1))))
              (local.set $b (i32.load8_u (local.get $ip)))
              (local.set $ip (i32.add (local.get $ip) (i32.const 1)))
              (local.set $len (i32.add (local.get $len) (local.get $b)))
              (br_if $more (i32.eq (local.get $b) (i32.const 255))))))
        (if (i32.gt_u (local.get $len) (i32.sub (local.get $oend) (local.get $op))) (then (return (i32.const -2))))
        (local.set $from (i32.sub (local.get $op) (local.get $offset)))
        (if (i32.and (i32.gt_u (local.get $len) (i32.const 16)) (i32.ge_u (local.get $offset) (local.get $len)))
          (then (memory.copy (local.get $op) (local.get $from) (local.get $len)))
          (else
            (local.set $i (i32.const 0))
            (loop $m
              (i32.store8 (i32.add (local.get $op) (local.get $i)) (i32.load8_u (i32.add (local.get $from) (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $m (i32.lt_u (local.get $i) (local.get $len))))))
        (local.set $op (i32.add (local.get $op) (local.get $len)))
        (br $next)))
    (i32.sub (local.get $op) (local.get $obase)))
)
