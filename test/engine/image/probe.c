/*
 * probe.c - a tiny attack / positive probe run inside test containers.
 *
 * Usage: probe <command> [args]
 *
 * Every command prints exactly ONE line to stdout:
 *   OK <detail>                  (exit status 0)
 *   FAIL <errno-name> <detail>   (exit status 1)
 * A usage error prints a message to stderr and exits with status 2.
 *
 * Built statically (gcc -static -O2 -Wall -Werror -o probe probe.c) so that it
 * runs in a FROM-scratch style image that only contains busybox. The image also
 * carries a root-owned mode 04755 copy of this binary at /bin/suid-probe.
 *
 * Note: linking getaddrinfo() statically makes GNU ld print glibc's usual
 * "requires at runtime the shared libraries" notice; since glibc 2.34 the
 * files and dns NSS back-ends live inside libc itself, so resolution of names
 * from /etc/hosts and via DNS works in the image without any shared library.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- output helpers ---------------------------------------------------- */

static const char *errno_name(int e)
{
#define E(x) case x: return #x;
	switch (e) {
	E(EPERM) E(ENOENT) E(ESRCH) E(EINTR) E(EIO) E(ENOEXEC) E(EBADF)
	E(ECHILD) E(EAGAIN) E(ENOMEM) E(EACCES) E(EFAULT) E(EBUSY) E(EEXIST)
	E(ENODEV) E(ENOTDIR) E(EISDIR) E(EINVAL) E(ENFILE) E(EMFILE) E(ETXTBSY)
	E(ENOSPC) E(EROFS) E(EPIPE) E(ENAMETOOLONG) E(ENOSYS) E(ELOOP)
	E(EPROTO) E(ENOTSOCK) E(EPROTONOSUPPORT) E(ESOCKTNOSUPPORT)
	E(EAFNOSUPPORT) E(EADDRINUSE) E(EADDRNOTAVAIL) E(ENETDOWN)
	E(ENETUNREACH) E(ECONNRESET) E(ETIMEDOUT) E(ECONNREFUSED)
	E(EHOSTUNREACH) E(EDQUOT)
	default: return "EUNKNOWN";
	}
#undef E
}

/* Print "<status> <detail>" as the one output line and exit with <code>. */
static void vreport(int code, const char *status, const char *fmt, va_list ap)
	__attribute__((noreturn, format(printf, 3, 0)));
static void vreport(int code, const char *status, const char *fmt, va_list ap)
{
	printf("%s ", status);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
	exit(code);
}

/* OK <detail>, exit 0. */
static void __attribute__((noreturn, format(printf, 1, 2))) ok(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(0, "OK", fmt, ap);
}

/* FAIL <name> <detail>, exit 1; <name> is usually errno_name(errno). */
static void __attribute__((noreturn, format(printf, 2, 3)))
failn(const char *name, const char *fmt, ...)
{
	char status[64];
	va_list ap;
	snprintf(status, sizeof status, "FAIL %s", name);
	va_start(ap, fmt);
	vreport(1, status, fmt, ap);
}
#define fail(err, ...) failn(errno_name(err), __VA_ARGS__)

static void __attribute__((noreturn)) usage(const char *msg)
{
	fprintf(stderr, "usage: probe %s\n", msg);
	exit(2);
}

/* Parse a non-negative decimal number in [0, max]; usage error otherwise. */
static long num(const char *s, long max, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > max)
		usage(what);
	return v;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

static void on_term(int sig)
{
	(void)sig;
	_exit(0);
}

/* ---- commands ---------------------------------------------------------- */

static void cmd_write_file(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		fail(errno, "open %s", path);
	if (write(fd, "x", 1) != 1)
		fail(errno, "write %s", path);
	if (close(fd) < 0)
		fail(errno, "close %s", path);
	ok("wrote %s", path);
}

/* Copy /proc/self/exe to dir/probe-copy, then try to execute the copy. */
static void cmd_exec_copy(const char *dir)
{
	char dst[4096], buf[65536];
	ssize_t n;
	snprintf(dst, sizeof dst, "%s/probe-copy", dir);

	int in = open("/proc/self/exe", O_RDONLY);
	if (in < 0)
		fail(errno, "open /proc/self/exe");
	int out = open(dst, O_CREAT | O_WRONLY | O_TRUNC, 0755);
	if (out < 0)
		fail(errno, "copy: open %s", dst);
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n)
			fail(errno, "copy: write %s", dst);
	if (n < 0)
		fail(errno, "copy: read /proc/self/exe");
	if (fchmod(out, 0755) < 0)   /* the umask may have cut bits off */
		fail(errno, "copy: chmod %s", dst);
	close(in);
	if (close(out) < 0)      /* must be closed, or execve gives ETXTBSY */
		fail(errno, "copy: close %s", dst);

	/* The child reports an execve errno through a close-on-exec pipe: an
	 * empty read in the parent means the exec itself succeeded. */
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		fail(errno, "pipe");
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		fail(errno, "fork");
	if (pid == 0) {
		char *argv[] = { "probe-copy", "noop", NULL };
		char *envp[] = { NULL };
		int devnull = open("/dev/null", O_WRONLY);
		if (devnull >= 0)
			dup2(devnull, STDOUT_FILENO); /* keep our output one line */
		else
			close(STDOUT_FILENO);
		execve(dst, argv, envp);
		int e = errno;
		_exit(write(p[1], &e, sizeof e) < 0 ? 126 : 127);
	}
	close(p[1]);
	int e = 0;
	n = read(p[0], &e, sizeof e);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof e)
		fail(e, "execve %s", dst);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		ok("executed %s", dst);
	fail(ECHILD, "child of %s ended with status 0x%x", dst, (unsigned)st);
}

static void cmd_become_root(void)
{
	uid_t ruid = getuid(), euid = geteuid();
	int err = 0;
	/* Only works with euid 0, i.e. when exec'd setuid-root without
	 * no-new-privileges (and with CAP_SETUID/CAP_SETGID in the bounding set). */
	if (setgid(0) < 0)
		err = errno;
	if (setuid(0) < 0 && !err)
		err = errno;
	if (getuid() == 0 && geteuid() == 0)
		ok("uid=%u euid=%u (started as uid=%u euid=%u)",
		   (unsigned)getuid(), (unsigned)geteuid(), (unsigned)ruid, (unsigned)euid);
	fail(err ? err : EPERM, "uid=%u euid=%u (started as uid=%u euid=%u)",
	     (unsigned)getuid(), (unsigned)geteuid(), (unsigned)ruid, (unsigned)euid);
}

static void cmd_chown(const char *path, const char *u, const char *g)
{
	uid_t uid = (uid_t)num(u, 4294967294L, "chown <path> <uid> <gid>");
	gid_t gid = (gid_t)num(g, 4294967294L, "chown <path> <uid> <gid>");
	if (chown(path, uid, gid) < 0)
		fail(errno, "chown %s %u:%u", path, (unsigned)uid, (unsigned)gid);
	ok("chown %s %u:%u", path, (unsigned)uid, (unsigned)gid);
}

static void cmd_mount_tmpfs(const char *dir)
{
	if (mount("none", dir, "tmpfs", 0, "size=1m") < 0)
		fail(errno, "mount tmpfs on %s", dir);
	ok("mounted tmpfs on %s", dir);
}

static void cmd_socket(int type, int proto, const char *what)
{
	int s = socket(AF_INET, type, proto);
	if (s < 0)
		fail(errno, "%s", what);
	close(s);
	ok("%s", what);
}

/* TCP socket bound to 0.0.0.0:port and listening; returns the fd. */
static int bound_socket(const char *port_s)
{
	int port = (int)num(port_s, 65535, "bind|listen <port>");
	int one = 1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		fail(errno, "socket");
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((unsigned short)port),
				 .sin_addr.s_addr = htonl(INADDR_ANY) };
	if (bind(s, (struct sockaddr *)&a, sizeof a) < 0)
		fail(errno, "bind 0.0.0.0:%d", port);
	if (listen(s, 16) < 0)
		fail(errno, "listen 0.0.0.0:%d", port);
	return s;
}

static void cmd_listen(const char *port)
{
	int s = bound_socket(port);
	signal(SIGTERM, on_term);
	signal(SIGPIPE, SIG_IGN);
	printf("OK listening\n");
	fflush(stdout);
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		if (write(c, "hello\n", 6) < 0) { /* client gone: nothing to do */ }
		close(c);
	}
}

static void cmd_connect(const char *host, const char *port_s, const char *ms_s)
{
	num(port_s, 65535, "connect <host> <port> <timeout-ms>");
	int ms = (int)num(ms_s, 3600000, "connect <host> <port> <timeout-ms>");
	struct addrinfo hints, *res;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	int r = getaddrinfo(host, port_s, &hints, &res);
	if (r != 0) /* any resolution failure; the detail tells EAI_AGAIN etc. apart */
		failn("EAI_NONAME", "resolve %s: %s (%s)", host, gai_strerror(r),
		      r == EAI_NONAME ? "EAI_NONAME" : r == EAI_AGAIN ? "EAI_AGAIN" : "EAI_other");
	char ip[INET_ADDRSTRLEN] = "?";
	inet_ntop(AF_INET, &((struct sockaddr_in *)res->ai_addr)->sin_addr, ip, sizeof ip);

	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (s < 0)
		fail(errno, "socket");
	if (connect(s, res->ai_addr, res->ai_addrlen) < 0) {
		if (errno != EINPROGRESS)
			fail(errno, "connect %s:%s", ip, port_s);
		struct pollfd pfd = { s, POLLOUT, 0 };
		r = poll(&pfd, 1, ms);
		if (r < 0)
			fail(errno, "poll");
		if (r == 0)
			fail(ETIMEDOUT, "connect %s:%s after %dms", ip, port_s, ms);
		int err = 0;
		socklen_t len = sizeof err;
		getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
		if (err)
			fail(err, "connect %s:%s", ip, port_s);
	}
	freeaddrinfo(res);

	/* Connected: read up to 16 bytes (whatever arrives within the timeout). */
	char buf[17] = "", shown[80] = "";
	ssize_t n = 0;
	struct pollfd pfd = { s, POLLIN, 0 };
	if (poll(&pfd, 1, ms) > 0 && (n = read(s, buf, 16)) < 0)
		n = 0;
	for (ssize_t i = 0, j = 0; i < n; i++) { /* escape for a single line */
		unsigned char c = (unsigned char)buf[i];
		if (c == '\n')
			j += snprintf(shown + j, sizeof shown - (size_t)j, "\\n");
		else if (c < 32 || c > 126 || c == '"' || c == '\\')
			j += snprintf(shown + j, sizeof shown - (size_t)j, "\\x%02x", c);
		else
			shown[j++] = (char)c, shown[j] = 0;
	}
	close(s);
	ok("connected %s:%s read=\"%s\"", ip, port_s, shown);
}

/* Fork up to <target> pausing children, hold them, then kill and reap. */
static void cmd_fork_bomb(const char *target_s, const char *hold_s)
{
	long target = num(target_s, 100000, "fork-bomb <target> <hold-ms>");
	long hold = num(hold_s, 600000, "fork-bomb <target> <hold-ms>");
	pid_t *kids = calloc((size_t)target + 1, sizeof *kids);
	if (!kids)
		fail(ENOMEM, "calloc");
	/* Own process group (fails harmlessly when we are a session leader).
	 * Children are killed one by one so we never signal ourselves. */
	setpgid(0, 0);
	fflush(stdout);
	pid_t self = getpid();
	long n = 0;
	int err = 0;
	while (n < target) {
		pid_t pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			/* Child: never forks; dies with the parent at the latest. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != self)
				_exit(0);
			for (;;)
				pause();
		}
		kids[n++] = pid;
	}
	sleep_ms(hold);
	for (long i = 0; i < n; i++)
		kill(kids[i], SIGKILL);
	for (long i = 0; i < n; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	if (n >= target)
		ok("forked=%ld", n);
	fail(err, "forked=%ld", n);
}

static void cmd_mem_hog(const char *mib_s)
{
	long mib = num(mib_s, 1L << 20, "mem-hog <mebibytes>");
	long i;
	for (i = 0; i < mib; i++) {
		char *p = malloc(1 << 20);
		if (!p)
			fail(ENOMEM, "allocated=%ldMiB", i);
		memset(p, 0xa5, 1 << 20); /* touch every page */
	}
	ok("allocated=%ldMiB", i);
}

static void cmd_docker_sock(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof a.sun_path)
		usage("docker-sock <path>   (path too long)");
	strcpy(a.sun_path, path);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0)
		fail(errno, "socket");
	if (connect(s, (struct sockaddr *)&a, sizeof a) < 0)
		fail(errno, "connect %s", path);
	static const char req[] = "GET /_ping HTTP/1.0\r\n\r\n";
	if (write(s, req, sizeof req - 1) != (ssize_t)(sizeof req - 1))
		fail(errno, "write %s", path);
	char buf[4096];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof buf - 1 && (n = read(s, buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	buf[len] = 0;
	close(s);
	int has_ok = strstr(buf, "OK") != NULL;
	buf[strcspn(buf, "\r\n")] = 0; /* keep only the status line */
	if (has_ok)
		ok("%s: %.200s", path, buf);
	failn("EPROTO", "%s: %.200s", path, len ? buf : "empty response");
}

static void cmd_status(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		fail(errno, "open /proc/self/status");
	char line[256], cap[64] = "?", nnp[16] = "?", sec[16] = "?";
	while (fgets(line, sizeof line, f)) {
		sscanf(line, "CapEff: %63s", cap);
		sscanf(line, "NoNewPrivs: %15s", nnp);
		sscanf(line, "Seccomp: %15s", sec);
	}
	fclose(f);
	ok("CapEff=%s NoNewPrivs=%s Seccomp=%s uid=%u gid=%u",
	   cap, nnp, sec, (unsigned)getuid(), (unsigned)getgid());
}

static void cmd_sleep_forever(void)
{
	signal(SIGTERM, on_term);
	for (;;)
		pause();
}

/* ---- dispatch ---------------------------------------------------------- */

static int argc_;
static char **argv_;

/* True if the command is <name>; a usage error if it then lacks <nargs>. */
static int is_cmd(const char *name, int nargs)
{
	if (argc_ < 2 || strcmp(argv_[1], name) != 0)
		return 0;
	if (argc_ - 2 != nargs) {
		fprintf(stderr, "probe: %s takes %d argument(s)\n", name, nargs);
		exit(2);
	}
	return 1;
}

int main(int argc, char **argv)
{
	argc_ = argc;
	argv_ = argv;
	if (is_cmd("write-file", 1))    cmd_write_file(argv[2]);
	if (is_cmd("exec-copy", 1))     cmd_exec_copy(argv[2]);
	if (is_cmd("noop", 0))          ok("noop");
	if (is_cmd("become-root", 0))   cmd_become_root();
	if (is_cmd("chown", 3))         cmd_chown(argv[2], argv[3], argv[4]);
	if (is_cmd("mount-tmpfs", 1))   cmd_mount_tmpfs(argv[2]);
	if (is_cmd("raw-socket", 0))    cmd_socket(SOCK_RAW, IPPROTO_ICMP, "raw icmp socket");
	if (is_cmd("icmp-socket", 0))   cmd_socket(SOCK_DGRAM, IPPROTO_ICMP, "icmp ping socket");
	if (is_cmd("bind", 1)) {
		close(bound_socket(argv[2]));
		ok("bound 0.0.0.0:%s", argv[2]);
	}
	if (is_cmd("listen", 1))        cmd_listen(argv[2]);
	if (is_cmd("connect", 3))       cmd_connect(argv[2], argv[3], argv[4]);
	if (is_cmd("fork-bomb", 2))     cmd_fork_bomb(argv[2], argv[3]);
	if (is_cmd("mem-hog", 1))       cmd_mem_hog(argv[2]);
	if (is_cmd("docker-sock", 1))   cmd_docker_sock(argv[2]);
	if (is_cmd("status", 0))        cmd_status();
	if (is_cmd("sleep-forever", 0)) cmd_sleep_forever();
	usage("<write-file|exec-copy|noop|become-root|chown|mount-tmpfs|raw-socket|"
	      "icmp-socket|bind|listen|connect|fork-bomb|mem-hog|docker-sock|status|"
	      "sleep-forever> [args]");
}
