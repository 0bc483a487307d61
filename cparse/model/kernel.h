/* SPDX-License-Identifier: MIT */
/*
 * kcovlint's kernel API model: what a kernel .c file needs from <linux/...>,
 * <asm/...> and every other <...> header in order to be PARSED. It answers
 * every #include <...> of every file.
 *
 * It holds parse-level facts only: type names, attribute macros that expand
 * to nothing, and the few macros whose arguments are types or whose shape is
 * not a function call (container_of, offsetof, min_t ...). Everything else a
 * kernel file calls (spin_lock(), this_cpu_read(), kmalloc(), in_task() ...)
 * is deliberately NOT defined here: it stays a call in the IR, and what it
 * means (takes which lock, may sleep, runs the callback in which context) is
 * in the kernel knowledge table (package kapi), not here.
 *
 * Written for kcovlint from the documented kernel API; no kernel code.
 */

/* Scalar types. */
typedef unsigned char u8, __u8, uint8_t, u_int8_t, u_char, unchar, __u_char;
typedef signed char s8, __s8, int8_t;
typedef unsigned short u16, __u16, uint16_t, u_int16_t, u_short, ushort, __le16, __be16, __virtio16, __sum16, umode_t, __kernel_sa_family_t, sa_family_t;
typedef short s16, __s16, int16_t;
typedef unsigned int u32, __u32, uint32_t, u_int32_t, u_int, uint, __le32, __be32, __virtio32, __wsum, gfp_t, slab_flags_t, fmode_t, __poll_t, vm_fault_t, blk_opf_t, blk_qc_t, dev_t, __kernel_dev_t, uid_t, gid_t, __kernel_uid32_t, __kernel_gid32_t, nlink_t, key_perm_t, pci_power_t, pci_ers_result_t, pci_channel_state_t, errseq_t, ioasid_t, projid_t, __kernel_mode_t, mode_t, blk_mode_t, rwf_t, fgf_t, isolate_mode_t, xa_mark_t, snd_pcm_format_t, snd_pcm_state_t, snd_pcm_access_t, snd_pcm_subformat_t, snd_ctl_elem_type_t, snd_ctl_elem_iface_t, netdev_tx_t, blk_status_t, __kernel_key_t, key_serial_t, compat_uint_t, compat_mode_t, compat_dev_t, compat_uptr_t, compat_size_t, compat_ulong_t, compat_caddr_t, compat_pid_t, compat_uid_t, compat_gid_t, compat_key_t, compat_ino_t, compat_off_t, compat_aio_context_t, compat_sigset_word, u_int32, __u_int;
typedef int s32, __s32, int32_t, pid_t, __kernel_pid_t, clockid_t, __kernel_clockid_t, timer_t, __kernel_timer_t, key_t, mqd_t, __kernel_mqd_t, ipc_pid_t, compat_int_t, compat_long_t, compat_clock_t, compat_time_t, compat_timer_t, compat_clockid_t, compat_ssize_t, compat_ipc_pid_t, compat_daddr_t, compat_s64, irqreturn_t, __kernel_daddr_t, daddr_t;
typedef unsigned long long u64, __u64, uint64_t, u_int64_t, __le64, __be64, sector_t, blkcnt_t, netdev_features_t, dma_addr_t, phys_addr_t, resource_size_t, u_int64, __aligned_u64, aligned_u64, __aligned_le64, __virtio64, __aligned_be64, compat_u64, cycles_t, time64_t, timeu64_t, kernel_cap_t_raw;
typedef long long s64, __s64, int64_t, __aligned_s64, aligned_s64, loff_t, __kernel_loff_t, ktime_t, __kernel_time64_t, qsize_t;
typedef unsigned long size_t, __kernel_size_t, uintptr_t, __kernel_ulong_t, kernel_ulong_t, u_long, ulong, pgoff_t, irq_hw_number_t, pteval_t, pmdval_t, pudval_t, p4dval_t, pgdval_t, pgprotval_t, vm_flags_t, __kernel_old_uid_t, pfn_t_raw, dma_cookie_t_unused, unative_t, __kernel_ino_t, ino_t, __kernel_uintptr_t;
typedef long ssize_t, __kernel_ssize_t, intptr_t, ptrdiff_t, __kernel_ptrdiff_t, __kernel_long_t, off_t, __kernel_off_t, time_t, __kernel_time_t, __kernel_old_time_t, clock_t, __kernel_clock_t, suseconds_t, __kernel_suseconds_t, blkcnt64_t;
typedef _Bool bool;
typedef unsigned __int128 u128, __u128;
typedef __int128 s128, __s128;
typedef int wchar_t;
typedef void *__builtin_va_list;
typedef __builtin_va_list va_list, __gnuc_va_list;

/* GNU builtins that take types; cc/v4 has no keywords for them. */
#define __extension__
#define typeof_unqual typeof
#define __typeof_unqual__ __typeof__
#define __builtin_offsetof(t, m) ((unsigned long)&(((t *)0)->m))
#define __builtin_types_compatible_p(a, b) __kl_types_compatible((a *)0, (b *)0)
#define __builtin_va_arg(ap, t) (*(t *)__kl_va_arg(ap))
#define __builtin_bit_cast(t, e) (*(t *)__kl_bit_cast(e))
#define __builtin_convertvector(e, t) (*(t *)__kl_convert(e))
#define _BitInt(n) long long
#define __free(f)
#define __cleanup(f)

/* Kernel object types commonly used without a struct keyword. */
typedef struct { int counter; } atomic_t;
typedef struct { s64 counter; } atomic64_t, atomic_long_t;
typedef struct { atomic_t refs; } refcount_t;
typedef struct { int rlock; } spinlock_t;
typedef struct { int raw_lock; } raw_spinlock_t;
typedef struct { int raw_lock; } rwlock_t;
typedef struct { int dep_map; } local_lock_t, local_trylock_t;
typedef struct { unsigned sequence; } seqcount_t, seqcount_latch_t, seqcount_spinlock_t, seqcount_raw_spinlock_t, seqcount_rwlock_t, seqcount_mutex_t, seqcount_ww_mutex_t;
typedef struct { seqcount_spinlock_t seqcount; spinlock_t lock; } seqlock_t;
typedef struct { unsigned long val; } swp_entry_t, kuid_t_raw, pfn_t;
typedef struct { uid_t val; } kuid_t;
typedef struct { gid_t val; } kgid_t;
typedef struct { projid_t val; } kprojid_t;
typedef struct { u64 val; } kernel_cap_t;
typedef struct { pteval_t pte; } pte_t;
typedef struct { pmdval_t pmd; } pmd_t;
typedef struct { pudval_t pud; } pud_t;
typedef struct { p4dval_t p4d; } p4d_t;
typedef struct { pgdval_t pgd; } pgd_t;
typedef struct { pgprotval_t pgprot; } pgprot_t;
typedef struct { unsigned long bits[1]; } cpumask_t, nodemask_t, sigset_t, compat_sigset_t;
typedef cpumask_t cpumask_var_t[1];
typedef struct { int lock; } wait_queue_head_t;
typedef struct wait_queue_entry wait_queue_entry_t;
typedef struct { int x; } mm_segment_t, poll_table, siginfo_t, kernel_siginfo_t, stack_t, uuid_t, guid_t, uuid_le, guid_le, __kernel_fsid_t, fsid_t, elf_fpregset_t, elf_gregset_t, read_descriptor_t, mempool_t, kasan_vmalloc_flags_t_unused, sigval_t, compat_sigval_t, dma_cap_mask_t, u64_stats_t, local_t, local64_t, raw_hwp_page_t_unused, cputime_t, arch_spinlock_t, arch_rwlock_t, hrtimer_clock_base_t_unused, bh_lock_t_unused, percpu_rw_semaphore_t_unused, xfs_unused_t, rcu_head_t_unused;
typedef unsigned long elf_greg_t;
typedef struct { unsigned long pgprot; } pgprot_unused_t;
typedef u64 Elf64_Addr, Elf64_Off, Elf64_Xword, Elf64_Sxword;
typedef u32 Elf32_Addr, Elf32_Off, Elf32_Word, Elf32_Sword, Elf64_Word, Elf64_Sword;
typedef u16 Elf32_Half, Elf64_Half, Elf64_Versym;
typedef struct { int x; } Elf32_Ehdr, Elf64_Ehdr, Elf32_Phdr, Elf64_Phdr, Elf32_Shdr, Elf64_Shdr, Elf32_Sym, Elf64_Sym, Elf32_Rel, Elf64_Rel, Elf32_Rela, Elf64_Rela, Elf32_Dyn, Elf64_Dyn, Elf32_Nhdr, Elf64_Nhdr, Elf_Ehdr, Elf_Phdr, Elf_Shdr, Elf_Sym, Elf_Rel, Elf_Rela, Elf_Dyn, Elf_Nhdr;
typedef u64 Elf_Addr, Elf_Off, Elf_Xword;
typedef u32 Elf_Word;
typedef u16 Elf_Half;
typedef long snd_pcm_sframes_t;
typedef unsigned long snd_pcm_uframes_t;
typedef void *fl_owner_t;
typedef void *acpi_handle;
typedef u32 acpi_status, acpi_size_unused, acpi_io_address_unused, acpi_physical_address_unused;
typedef u64 acpi_size, acpi_io_address, acpi_physical_address, acpi_integer;
typedef u32 phandle;
typedef u32 compat_sigset_word_t;
typedef u32 dma_cookie_t;
typedef u32 blk_features_t, blk_flags_t;
typedef u32 __portpair;
typedef u64 __addrpair;
typedef u64 blk_short_t_unused;

/* Callback types (function pointer typedefs). */
typedef irqreturn_t (*irq_handler_t)(int, void *);
typedef void (*work_func_t)(struct work_struct *work);
typedef void (*rcu_callback_t)(struct rcu_head *head);
typedef void (*smp_call_func_t)(void *info);
typedef int (*notifier_fn_t)(struct notifier_block *nb, unsigned long action, void *data);
typedef void (*percpu_ref_func_t)(struct percpu_ref *);
typedef void (*irq_flow_handler_t)(struct irq_desc *desc);
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned mode, int flags, void *key);
typedef int (*wait_bit_action_f)(struct wait_bit_key *key, int mode);
typedef void (*dr_release_t)(struct device *dev, void *res);
typedef int (*dr_match_t)(struct device *dev, void *res, void *match_data);
typedef void *(*mempool_alloc_t)(gfp_t gfp_mask, void *pool_data);
typedef void (*mempool_free_t)(void *element, void *pool_data);
typedef int (*filler_t)(struct file *, struct folio *);
typedef void (*poll_queue_proc)(struct file *, wait_queue_head_t *, struct poll_table_struct *);
typedef int (*cmp_func_t)(const void *a, const void *b);
typedef void (*swap_func_t)(void *a, void *b, int size);
typedef bool (*smp_cond_func_t)(int cpu, void *info);
typedef void (*call_rcu_func_t)(struct rcu_head *head, rcu_callback_t func);
typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);
typedef int (*cpu_stop_fn_t)(void *arg);
typedef void (*btf_trace_unused_t)(void);
typedef int (*proc_handler)(const struct ctl_table *ctl, int write, void *buffer, size_t *lenp, loff_t *ppos);
typedef int (*bpf_callback_t_unused)(void);
typedef bool (*filldir_t)(struct dir_context *, const char *, int, loff_t, u64, unsigned);
typedef void (*xa_update_node_t)(struct xa_node *node);
typedef void (*kthread_work_func_t)(struct kthread_work *work);
typedef int (*get_block_t)(struct inode *inode, sector_t iblock, struct buffer_head *bh_result, int create);
typedef void (*dio_iodone_t)(struct kiocb *iocb, loff_t offset, ssize_t bytes, void *private);
typedef void (*bio_end_io_t)(struct bio *);
typedef void (*rq_end_io_fn_unused)(void);
typedef int (*pte_fn_t)(pte_t *pte, unsigned long addr, void *data);
typedef void (*dma_async_tx_callback)(void *dma_async_param);
typedef void (*sk_read_actor_unused_t)(void);
typedef int (*sk_read_actor_t)(read_descriptor_t *, struct sk_buff *, unsigned int, size_t);
typedef int (*skb_read_actor_t)(struct sock *, struct sk_buff *);
typedef unsigned int (*nf_hookfn_unused)(void);
typedef void (*hrtimer_fn_unused_t)(void);
typedef void (*ctor_fn_t)(void);
typedef void (*node_free_t_unused)(void);
typedef int (*device_match_t)(struct device *dev, const void *data);

/* NULL and friends. */
#define NULL ((void *)0)
#define true 1
#define false 0

/* Attributes and sparse annotations: nothing to parse. */
#define __user
#define __kernel
#define __iomem
#define __rcu
#define __percpu
#define __force
#define __bitwise
#define __private
#define __nocast
#define __safe
#define __must_check
#define __always_inline inline
#define __inline__ inline
#define noinline
#define notrace
#define __notrace_funcgraph
#define __cold
#define __hot
#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __refdata
#define __ref
#define __meminit
#define __meminitdata
#define __init_or_module
#define __read_mostly
#define __ro_after_init
#define __weak
#define __used
#define __maybe_unused
#define __always_unused
#define __packed
#define __aligned(x)
#define __aligned_largest
#define __section(s)
#define __printf(a, b)
#define __scanf(a, b)
#define __noreturn
#define __malloc
#define __alloc_size(...)
#define __realloc_size(...)
#define __pure
#define __attribute_const__
#define __flatten
#define __deprecated
#define __nonstring
#define __designated_init
#define __randomize_layout
#define __no_randomize_layout
#define randomized_struct_fields_start
#define randomized_struct_fields_end
#define __visible
#define asmlinkage
#define __sched
#define __lockfunc
#define noinstr
#define __noinstr_section(s)
#define __kprobes
#define nokprobe_inline inline
#define __latent_entropy
#define __noclone
#define __naked
#define __irq_entry
#define __softirq_entry
#define __cpuidle
#define __no_kcsan
#define __no_sanitize_address
#define __no_sanitize_thread
#define __no_sanitize_memory
#define __no_sanitize_undefined
#define __no_sanitize_coverage
#define __no_stack_protector
#define __no_profile
#define __nocfi
#define __noscs
#define __counted_by(m)
#define __counted_by_le(m)
#define __counted_by_be(m)
#define __sized_by(m)
#define __guarded_by(l)
#define __pt_guarded_by(l)
#define __assume_aligned(...)
#define __cacheline_aligned
#define __cacheline_aligned_in_smp
#define ____cacheline_aligned
#define ____cacheline_aligned_in_smp
#define ____cacheline_internodealigned_in_smp
#define __page_aligned_data
#define __page_aligned_bss
#define __mlock_aligned
#define __cacheline_group_begin(g)
#define __cacheline_group_end(g)
#define __cacheline_group_pad
#define __ro_after_init_scope
#define __must_be_array(a) 0
#define __percpu_qual
#define __data_racy
#define __preserve_most
#define __uninitialized
#define __no_kmsan_checks
#define __nostackprotector
#define __fix_address
#define __alias(x)
#define __copy(x)
#define __mode(x)
#define __gnu_inline
#define __compiletime_error(msg)
#define __compiletime_warning(msg)
#define __builtin_warning(...)
#define __diag_ignore_all(o, c)
#define __diag_push()
#define __diag_pop()
#define __diag_ignore(...)
#define __bpf_kfunc
#define __bpf_kfunc_start_defs()
#define __bpf_kfunc_end_defs()
#define __bpf_hook_start()
#define __bpf_hook_end()
#define __ksym
#define __weak_ksym
/* libbpf's <bpf/bpf_helpers.h>: the ELF section of a BPF program or map,
 * __attribute__((section(name), used)). */
#define SEC(name)
#define __kcfi_typeid(x)
#define fallthrough do {} while (0)
#define __fallthrough
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)
#define __UNIQUE_ID(prefix) __kl_uid_##prefix##__COUNTER__
#define __PASTE(a, b) a##b
#define ___PASTE(a, b) a##b
#define __volatile__ volatile
#define __inline inline
#define __restrict__ restrict
#define __signed__ signed
#define _Noreturn

/*
 * Locking annotations are facts for the analysis: the tolerance pass moves
 * __kl_annot_*() written between a function's parameter list and its body
 * into the body, where they read as calls at function entry.
 */
#define __must_hold(x) __kl_annot_must_hold(x)
#define __acquires(x...) __kl_annot_acquires(x)
#define __releases(x...) __kl_annot_releases(x)
#define __cond_acquires(x...) __kl_annot_cond_acquires(x)
#define __cond_releases(x...)
#define __acquire(x) (void)0
#define __release(x) (void)0
#define __cond_lock(x, c) (c)
#define __acquire_ret(call, ...) (call)
#define __acquires_shared(x...) __kl_annot_acquires(x)
#define __releases_shared(x...) __kl_annot_releases(x)
#define __must_hold_shared(x) __kl_annot_must_hold(x)
#define __no_context_analysis
#define context_unsafe(x...) ({ x; })

/* Condition wrappers: the analysis branches on the condition itself. */
#define likely(x) (x)
#define unlikely(x) (x)
#define likely_notrace(x) (x)
#define unlikely_notrace(x) (x)
#define __builtin_expect(x, v) (x)
/* A warning states that its condition does not hold: __kl_warn(c) has the
 * value of c, and the analysis takes a WARN_ON() statement as that fact. */
#define WARN_ON(c) __kl_warn(c)
#define WARN_ON_ONCE(c) __kl_warn(c)
#define WARN(c, fmt...) __kl_warn(c)
#define WARN_ONCE(c, fmt...) __kl_warn(c)
#define WARN_TAINT(c, t, fmt...) __kl_warn(c)
#define WARN_TAINT_ONCE(c, t, fmt...) __kl_warn(c)
#define WARN_RATELIMIT(c, fmt...) __kl_warn(c)
#define DEBUG_LOCKS_WARN_ON(c) __kl_warn(c)
#define SCHED_WARN_ON(c) __kl_warn(c)
#define RCU_LOCKDEP_WARN(c, s) __kl_warn(c)
#define BUG_ON(c) do { if (c) BUG(); } while (0)
#define VM_BUG_ON(c) BUG_ON(c)
#define VM_WARN_ON(c) __kl_warn(c)
#define VM_WARN_ON_ONCE(c) __kl_warn(c)

/* Config tests (the same placeholder idea the kernel uses). */
#define __kl_ph_1 0,
#define IS_BUILTIN(opt) __kl_is(opt)
#define IS_ENABLED(opt) (__kl_is(opt) || __kl_is(opt##_MODULE))
#define IS_MODULE(opt) __kl_is(opt##_MODULE)
#define IS_REACHABLE(opt) IS_ENABLED(opt)
#define __kl_is(v) __kl_is2(v)
#define __kl_is2(v) __kl_is3(__kl_ph_##v)
#define __kl_is3(arg) __kl_take2(arg 1, 0)
#define __kl_take2(a, b, ...) b

/* printk levels are string literals glued to the format. */
#define KERN_SOH "\001"
#define KERN_EMERG ""
#define KERN_ALERT ""
#define KERN_CRIT ""
#define KERN_ERR ""
#define KERN_WARNING ""
#define KERN_NOTICE ""
#define KERN_INFO ""
#define KERN_DEBUG ""
#define KERN_DEFAULT ""
#define KERN_CONT ""

/* Macros whose arguments are types or members. */
#define __unqual_scalar_typeof(x) __typeof__(x)
#define offsetof(t, m) __builtin_offsetof(t, m)
#define offsetofend(t, m) (offsetof(t, m) + sizeof_field(t, m))
#define sizeof_field(t, m) sizeof(((t *)0)->m)
#define typeof_member(t, m) typeof(((t *)0)->m)
#define container_of(p, t, m) ((t *)((char *)(p) - offsetof(t, m)))
#define container_of_const(p, t, m) container_of(p, t, m)
#define list_entry(p, t, m) container_of(p, t, m)
#define list_first_entry(h, t, m) list_entry((h)->next, t, m)
#define list_last_entry(h, t, m) list_entry((h)->prev, t, m)
#define list_first_entry_or_null(h, t, m) list_entry((h)->next, t, m)
#define list_last_entry_or_null(h, t, m) list_entry((h)->prev, t, m)
#define list_entry_rcu(p, t, m) container_of(p, t, m)
#define list_first_or_null_rcu(h, t, m) list_entry((h)->next, t, m)
#define list_next_or_null_rcu(h, p, t, m) list_entry(p, t, m)
#define hlist_entry(p, t, m) container_of(p, t, m)
#define hlist_entry_safe(p, t, m) container_of(p, t, m)
#define llist_entry(p, t, m) container_of(p, t, m)
#define rb_entry(p, t, m) container_of(p, t, m)
#define rb_entry_safe(p, t, m) container_of(p, t, m)
#define hlist_nulls_entry(p, t, m) container_of(p, t, m)
#define hlist_bl_entry(p, t, m) container_of(p, t, m)
#define from_timer(var, t, f) container_of(t, typeof(*var), f)
#define timer_container_of(var, t, f) container_of(t, typeof(*var), f)
#define from_work(var, w, f) container_of(w, typeof(*var), f)
#define from_tasklet(var, t, f) container_of(t, typeof(*var), f)
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define clamp_t(t, v, lo, hi) min_t(t, max_t(t, v, lo), hi)
#define clamp_val(v, lo, hi) clamp_t(typeof(v), v, lo, hi)
#define typecheck(t, x) 1
#define typecheck_fn(t, f) 1
#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))
#define KMEM_CACHE(s, f) kmem_cache_create(#s, sizeof(struct s), 0, f, NULL)
#define KMEM_CACHE_USERCOPY(s, f, m) kmem_cache_create(#s, sizeof(struct s), 0, f, NULL)
#define FIELD_SIZEOF(t, m) sizeof_field(t, m)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __is_constexpr(x) 1
#define static_assert(expr, ...) _Static_assert(expr, "")
#define BUILD_BUG_ON_ZERO(e) 0
#define BUILD_BUG_ON_INVALID(e) ((void)0)
#define DECLARE_FLEX_ARRAY(t, n) t n[]
#define __DECLARE_FLEX_ARRAY(t, n) t n[]
#define struct_group(n, members...) union { struct { members }; struct { members } n; }
#define struct_group_tagged(tag, n, members...) union { struct { members }; struct tag { members } n; }
#define struct_group_attr(n, a, members...) union { struct { members }; struct { members } n; }
#define __struct_group(tag, n, a, members...) union { struct { members }; struct tag { members } n; }
#define DECLARE_BITMAP(n, bits) unsigned long n[((bits) + 63) / 64]
#define DECLARE_HASHTABLE(n, bits) struct hlist_head n[1 << (bits)]
#define DECLARE_KFIFO_PTR(fifo, type) struct { type *buf; } fifo
#define DECLARE_KFIFO(fifo, type, size) struct { type buf[size]; } fifo
#define STRUCT_KFIFO(type, size) struct { type buf[size]; }
#define STRUCT_KFIFO_PTR(type) struct { type *buf; }
#define DEFINE_RAW_FLEX(t, n, m, c) t *n = 0
#define DEFINE_FLEX(t, n, m, mc, c) t *n = 0
#define va_arg(ap, t) __builtin_va_arg(ap, t)
#define va_start(ap, l) __builtin_va_start(ap, l)
#define va_end(ap) __builtin_va_end(ap)
#define va_copy(d, s) __builtin_va_copy(d, s)
#define __builtin_va_arg_pack() 0
#define __kernel_nlink_t_unused
#define __printf_unused(a, b)
#define __le16_to_cpu(x) ((u16)(x))
#define __this_cpu_ptr(p) this_cpu_ptr(p)
#define __assign_str(dst, ...) do {} while (0)
#define TP_PROTO(args...) args
#define TP_ARGS(args...) args

/*
 * Power-management callbacks in a struct dev_pm_ops initializer
 * (include/linux/pm.h): each macro stands for designated initializers of
 * the callbacks it names, with their trailing commas, so that the table
 * parses and every callback lands in its field. The SET_ forms are empty
 * without CONFIG_PM_SLEEP / CONFIG_PM, which the default policy enables.
 */
#define SYSTEM_SLEEP_PM_OPS(s, r) .suspend = s, .resume = r, .freeze = s, .thaw = r, .poweroff = s, .restore = r,
#define LATE_SYSTEM_SLEEP_PM_OPS(s, r) .suspend_late = s, .resume_early = r, .freeze_late = s, .thaw_early = r, .poweroff_late = s, .restore_early = r,
#define NOIRQ_SYSTEM_SLEEP_PM_OPS(s, r) .suspend_noirq = s, .resume_noirq = r, .freeze_noirq = s, .thaw_noirq = r, .poweroff_noirq = s, .restore_noirq = r,
#define RUNTIME_PM_OPS(s, r, i) .runtime_suspend = s, .runtime_resume = r, .runtime_idle = i,
#define SET_SYSTEM_SLEEP_PM_OPS(s, r) SYSTEM_SLEEP_PM_OPS(s, r)
#define SET_LATE_SYSTEM_SLEEP_PM_OPS(s, r) LATE_SYSTEM_SLEEP_PM_OPS(s, r)
#define SET_NOIRQ_SYSTEM_SLEEP_PM_OPS(s, r) NOIRQ_SYSTEM_SLEEP_PM_OPS(s, r)
#define SET_RUNTIME_PM_OPS(s, r, i) RUNTIME_PM_OPS(s, r, i)

/*
 * ipset's set types are written once, in ip_set_hash_gen.h and
 * ip_set_bitmap_gen.h, and instantiated by each type's .c file through
 * token pasting (include/linux/netfilter/ipset/ip_set.h): functions,
 * structs and their callers get the pasted names, so that the call graph
 * joins them.
 */
#define IPSET_CONCAT(a, b) a##b
#define IPSET_TOKEN(a, b) IPSET_CONCAT(a, b)
