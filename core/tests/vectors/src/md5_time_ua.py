# The seed's md5(time of request, user agent [, secret]) ids, with Python's hashlib:
# millis, then the user agent, then the secret (empty when none), as one string.
import hashlib

cases = [
    (1767225600123, "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", ""),
    (1767225600124, "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", ""),
    (1700000000000, "curl/8.5.0", "s3rv3r-s3cr3t"),
    (0, "", ""),
]
for millis, ua, secret in cases:
    digest = hashlib.md5(f"{millis}{ua}{secret}".encode()).hexdigest()
    print(f"{millis}\t{ua}\t{secret}\t{digest}")
