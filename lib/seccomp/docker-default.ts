import { SeccompAction, SeccompArch, SeccompArchMapping, SeccompOp, SeccompRule } from './seccomp-types';

/**
 * Where the Docker default seccomp profile below was read from, and how.
 *
 * The profile is maintained here as data. When Docker changes its profile, update the lists
 * below from the new `default.json`, update this source, and re-run `test/seccomp` (it pins
 * the rule count and the size of the unconditional allow list).
 *
 * The file read is `moby/profiles` `seccomp/default.json` at `commit`: the seccomp module that
 * was split out of `moby/moby` (`profiles/seccomp/`) during the 28.x line. That revision already
 * carries one post-28 change, moby/profiles#2, which moved `add_key`, `keyctl` and `request_key`
 * into the unconditional allow list. The Engine 28.x profile is that file without those three
 * names: 31 rules, 361 unconditionally allowed names (as measured for v28.5). Everything else is
 * as read, in Docker's order. (`moby/moby` `profiles/seccomp/default.json` at
 * 00f3d189e420d485e42d15fe494f96d272284e0e, the only moby/moby revision available to us, is an
 * older pre-kernel-6.x profile: 349 names, `io_uring_*` still allowed.)
 */
export const DOCKER_DEFAULT_SOURCE = {
  repo: 'moby/profiles',
  path: 'seccomp/default.json',
  commit: '190fa92cb2750186268c960ce30718d3495a228d',
  version: 'Docker Engine 28.x (v28.5)',
  derivation: 'as read, without add_key, keyctl and request_key (allowed only from moby/profiles#2, after 28.x)',
} as const;

/** Docker's default action: every syscall not allowed by a rule fails. */
export const DOCKER_DEFAULT_ACTION = SeccompAction.SCMP_ACT_ERRNO;

/** The errno of Docker's default action (1 = EPERM). */
export const DOCKER_DEFAULT_ERRNO_RET = 1;

/** Docker's `archMap`. */
export const DOCKER_DEFAULT_ARCH_MAP: readonly SeccompArchMapping[] = [
  { architecture: SeccompArch.SCMP_ARCH_X86_64, subArchitectures: [SeccompArch.SCMP_ARCH_X86, SeccompArch.SCMP_ARCH_X32] },
  { architecture: SeccompArch.SCMP_ARCH_AARCH64, subArchitectures: [SeccompArch.SCMP_ARCH_ARM] },
  { architecture: SeccompArch.SCMP_ARCH_MIPS64, subArchitectures: [SeccompArch.SCMP_ARCH_MIPS, SeccompArch.SCMP_ARCH_MIPS64N32] },
  { architecture: SeccompArch.SCMP_ARCH_MIPS64N32, subArchitectures: [SeccompArch.SCMP_ARCH_MIPS, SeccompArch.SCMP_ARCH_MIPS64] },
  { architecture: SeccompArch.SCMP_ARCH_MIPSEL64, subArchitectures: [SeccompArch.SCMP_ARCH_MIPSEL, SeccompArch.SCMP_ARCH_MIPSEL64N32] },
  { architecture: SeccompArch.SCMP_ARCH_MIPSEL64N32, subArchitectures: [SeccompArch.SCMP_ARCH_MIPSEL, SeccompArch.SCMP_ARCH_MIPSEL64] },
  { architecture: SeccompArch.SCMP_ARCH_S390X, subArchitectures: [SeccompArch.SCMP_ARCH_S390] },
  { architecture: SeccompArch.SCMP_ARCH_RISCV64, subArchitectures: [] },
];

function words(text: string): string[] {
  return text.trim().split(/\s+/);
}

/**
 * The names of Docker's first rule: `SCMP_ACT_ALLOW` with no condition. In Docker's order.
 */
export const DOCKER_DEFAULT_ALLOWED: readonly string[] = Object.freeze(words(`
  accept accept4 access adjtimex alarm bind brk cachestat capget capset chdir chmod chown chown32
  clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64
  clock_nanosleep clock_nanosleep_time64 close close_range connect copy_file_range creat
  dup dup2 dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2
  epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2
  fadvise64 fadvise64_64 fallocate fanotify_mark fchdir fchmod fchmodat fchmodat2 fchown fchown32 fchownat
  fcntl fcntl64 fdatasync fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64
  fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64 futex futex_requeue futex_time64 futex_wait futex_waitv futex_wake futimesat
  getcpu getcwd getdents getdents64 getegid getegid32 geteuid geteuid32 getgid getgid32
  getgroups getgroups32 getitimer getpeername getpgid getpgrp getpid getppid getpriority getrandom
  getresgid getresgid32 getresuid getresuid32 getrlimit get_robust_list getrusage getsid
  getsockname getsockopt get_thread_area gettid gettimeofday getuid getuid32 getxattr getxattrat
  inotify_add_watch inotify_init inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy
  io_getevents io_pgetevents io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit
  ipc kill
  landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32 lgetxattr
  link linkat listen listmount listxattr listxattrat llistxattr _llseek lremovexattr lseek lsetxattr lstat lstat64
  madvise map_shadow_stack membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod mknodat
  mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive
  mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap mseal msgctl msgget msgrcv
  msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep newfstatat _newselect
  open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2 pkey_alloc pkey_free
  pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2 prlimit64 process_mrelease
  pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read readahead readlink readlinkat readv
  recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr removexattrat rename renameat
  renameat2 restart_syscall riscv_hwprobe rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo
  rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo
  sched_getaffinity sched_getattr sched_getparam sched_get_priority_max sched_get_priority_min
  sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity
  sched_setattr sched_setparam sched_setscheduler sched_yield seccomp select semctl semget semop
  semtimedop semtimedop_time64 send sendfile sendfile64 sendmmsg sendmsg sendto setfsgid
  setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid
  setpriority setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid setreuid32
  setrlimit set_robust_list setsid setsockopt set_thread_area set_tid_address setuid setuid32
  setxattr setxattrat shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn
  socketcall socketpair splice stat stat64 statfs statfs64 statmount statx symlink symlinkat sync
  sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete timer_getoverrun
  timer_gettime timer_gettime64 timer_settime timer_settime64 timerfd_create timerfd_gettime
  timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill truncate truncate64 ugetrlimit
  umask uname unlink unlinkat uretprobe utime utimensat utimensat_time64 utimes vfork vmsplice wait4 waitid
  waitpid write writev
`));

const ALLOW = SeccompAction.SCMP_ACT_ALLOW;
const A = SeccompArch;

function personality(value: number): SeccompRule {
  return { names: ['personality'], action: ALLOW, args: [{ index: 0, value, op: SeccompOp.SCMP_CMP_EQ }] };
}
function withCap(cap: string, names: string): SeccompRule {
  return { names: words(names), action: ALLOW, includes: { caps: [cap] } };
}
function onArches(arches: SeccompArch[], names: string): SeccompRule {
  return { names: words(names), action: ALLOW, includes: { arches } };
}

/** The namespace flags `clone` may not use without CAP_SYS_ADMIN (CLONE_NEW* mask). */
const CLONE_NAMESPACE_FLAGS = 2114060288;

/**
 * Docker's conditional rules (rules 2–31), in Docker's order.
 *
 * Architecture conditions are written with `SeccompArch`; Docker's JSON spells them with Go's
 * names (`amd64`, `arm64`, …), which is what `SeccompProfile.toJson()` emits.
 */
export const DOCKER_DEFAULT_CONDITIONAL_RULES: readonly SeccompRule[] = [
  { names: words('process_vm_readv process_vm_writev ptrace'), action: ALLOW, includes: { minKernel: '4.8' } },
  // AF_VSOCK (40) sockets are refused.
  { names: ['socket'], action: ALLOW, args: [{ index: 0, value: 40, op: SeccompOp.SCMP_CMP_NE }] },
  personality(0),
  personality(8),
  personality(131072),
  personality(131080),
  personality(4294967295),
  onArches([A.SCMP_ARCH_PPC64LE], 'sync_file_range2 swapcontext'),
  onArches([A.SCMP_ARCH_ARM, A.SCMP_ARCH_AARCH64], 'arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls'),
  onArches([A.SCMP_ARCH_X86_64, A.SCMP_ARCH_X32], 'arch_prctl'),
  onArches([A.SCMP_ARCH_X86_64, A.SCMP_ARCH_X32, A.SCMP_ARCH_X86], 'modify_ldt'),
  onArches([A.SCMP_ARCH_S390, A.SCMP_ARCH_S390X], 's390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr'),
  onArches([A.SCMP_ARCH_RISCV64], 'riscv_flush_icache'),
  withCap('CAP_DAC_READ_SEARCH', 'open_by_handle_at'),
  withCap('CAP_SYS_ADMIN', `bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie
    lsm_get_self_attr lsm_list_modules lsm_set_self_attr mount mount_setattr move_mount open_tree perf_event_open
    quotactl quotactl_fd setdomainname sethostname setns syslog umount umount2 unshare`),
  {
    names: ['clone'],
    action: ALLOW,
    args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, op: SeccompOp.SCMP_CMP_MASKED_EQ }],
    excludes: { caps: ['CAP_SYS_ADMIN'], arches: [A.SCMP_ARCH_S390, A.SCMP_ARCH_S390X] },
  },
  {
    names: ['clone'],
    action: ALLOW,
    args: [{ index: 1, value: CLONE_NAMESPACE_FLAGS, op: SeccompOp.SCMP_CMP_MASKED_EQ }],
    comment: 's390 parameter ordering for clone is different',
    includes: { arches: [A.SCMP_ARCH_S390, A.SCMP_ARCH_S390X] },
    excludes: { caps: ['CAP_SYS_ADMIN'] },
  },
  // ENOSYS, so that libc falls back to clone.
  { names: ['clone3'], action: SeccompAction.SCMP_ACT_ERRNO, errnoRet: 38, excludes: { caps: ['CAP_SYS_ADMIN'] } },
  withCap('CAP_SYS_BOOT', 'reboot'),
  withCap('CAP_SYS_CHROOT', 'chroot'),
  withCap('CAP_SYS_MODULE', 'delete_module init_module finit_module'),
  withCap('CAP_SYS_PACCT', 'acct'),
  withCap('CAP_SYS_PTRACE', 'kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace'),
  withCap('CAP_SYS_RAWIO', 'iopl ioperm'),
  withCap('CAP_SYS_TIME', 'settimeofday stime clock_settime clock_settime64'),
  withCap('CAP_SYS_TTY_CONFIG', 'vhangup'),
  withCap('CAP_SYS_NICE', 'get_mempolicy mbind set_mempolicy set_mempolicy_home_node'),
  withCap('CAP_SYSLOG', 'syslog'),
  withCap('CAP_BPF', 'bpf'),
  withCap('CAP_PERFMON', 'perf_event_open'),
];

/** Docker's whole rule list: the unconditional allow rule, then the conditional rules. */
export const DOCKER_DEFAULT_RULES: readonly SeccompRule[] = [
  { names: [...DOCKER_DEFAULT_ALLOWED], action: ALLOW },
  ...DOCKER_DEFAULT_CONDITIONAL_RULES,
];

/**
 * Every syscall name that appears anywhere in Docker's default profile, sorted.
 */
export const KNOWN_SYSCALLS: readonly string[] = Object.freeze(
  [...new Set(DOCKER_DEFAULT_RULES.flatMap((rule) => rule.names))].sort(),
);

/**
 * Syscalls that Docker's default profile denies by leaving them out, and which therefore do not
 * appear in `KNOWN_SYSCALLS`: the ones Docker's seccomp documentation lists as blocked
 * ("Significant syscalls blocked by the default profile") that are in no rule, plus `io_uring_*`
 * (dropped from the allow list in Engine 25). They are accepted as syscall names too, so that a
 * profile can deny them explicitly, and they are what an allow-by-default profile gives away
 * beyond Docker's conditional rules (e.g. `keyctl`).
 */
export const DOCKER_DEFAULT_OMITTED_SYSCALLS: readonly string[] = Object.freeze(words(`
  add_key create_module get_kernel_syms io_uring_enter io_uring_register io_uring_setup kexec_file_load
  kexec_load keyctl move_pages nfsservctl pivot_root query_module request_key swapoff swapon _sysctl
  sysfs uselib userfaultfd ustat vm86 vm86old
`).sort());

const KNOWN = new Set<string>([...KNOWN_SYSCALLS, ...DOCKER_DEFAULT_OMITTED_SYSCALLS]);

/**
 * Whether a name is a syscall this library knows: in Docker's default profile or documented as
 * denied by it.
 */
export function isKnownSyscall(name: string): boolean {
  return KNOWN.has(name);
}

/** `KNOWN_SYSCALLS` and `DOCKER_DEFAULT_OMITTED_SYSCALLS`, sorted. */
export function allKnownSyscalls(): string[] {
  return [...KNOWN].sort();
}

/**
 * What Docker's default profile allows without an argument or capability condition: the unconditional
 * list, plus the syscalls it allows on the architectures that have them (arch_prctl, modify_ldt, …) or
 * from a kernel version on (ptrace and process_vm_readv/writev from 4.8, i.e. every supported kernel).
 * The baseline "Docker's default denies it" is measured against.
 *
 * @internal
 */
export const DOCKER_DEFAULT_ALLOWED_WITHOUT_CONDITIONS: ReadonlySet<string> = new Set([
  ...DOCKER_DEFAULT_ALLOWED,
  ...DOCKER_DEFAULT_CONDITIONAL_RULES
    .filter((r) => r.action === SeccompAction.SCMP_ACT_ALLOW || r.action === SeccompAction.SCMP_ACT_LOG)
    .filter((r) => !(r.args?.length) && !(r.includes?.caps?.length))
    .flatMap((r) => r.names),
]);
