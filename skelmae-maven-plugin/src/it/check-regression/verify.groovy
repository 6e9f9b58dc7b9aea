def log = new File(basedir, 'build.log').text
assert log.contains('mvqvae-finetune-100pct')
assert log.contains('REGRESSION')
assert log.contains('metrics regressed or are missing')
assert log.contains('skelmae.updateBaseline')
assert log.contains('BUILD FAILURE')
assert !log.contains('BUILD ERROR')
