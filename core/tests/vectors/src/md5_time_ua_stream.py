# The seed's md5(time, user agent [, secret]) ids for one browser over a few seconds, with
# Python's hashlib: millis, user agent, secret (empty when none) and the id, tab-separated.
import hashlib

UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
for secret in ["", "s3rv3r-s3cr3t"]:
    for millis in [1767225600123, 1767225600987, 1767225601002, 1767225603500, 1767225603501]:
        digest = hashlib.md5(f"{millis}{UA}{secret}".encode()).hexdigest()
        print(f"{millis}\t{UA}\t{secret}\t{digest}")
