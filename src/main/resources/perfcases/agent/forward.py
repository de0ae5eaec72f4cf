# Charter's forwarder inside an agent sandbox: git speaks to an HTTP proxy on loopback (it cannot use a Unix socket
# as its proxy), and every connection to it is carried to the session's egress socket, the sandbox's only way out.
# It adds nothing and reads nothing: the egress gateway outside checks every request.
import os, socket, threading

ready = os.environ.get("CHARTER_FORWARDER_READY", "/workspace/.charter/ready")
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 3128))
srv.listen(16)
open(ready, "w").close()


def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d:
                break
            b.sendall(d)
    except OSError:
        pass
    finally:
        try:
            b.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def handle(c):
    u = socket.socket(socket.AF_UNIX)
    u.connect(os.environ["CHARTER_EGRESS_SOCKET"])
    t = threading.Thread(target=pipe, args=(u, c))
    t.start()
    pipe(c, u)
    t.join()
    c.close()
    u.close()


while True:
    c, _ = srv.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
