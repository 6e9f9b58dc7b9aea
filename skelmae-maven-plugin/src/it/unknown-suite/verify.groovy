def log = new File(basedir, 'build.log').text
assert log.contains("unknown suite 'no-such-suite'")
assert log.contains('full, semi, ablation-mask')
assert log.contains('BUILD FAILURE')
assert !log.contains('BUILD ERROR')
