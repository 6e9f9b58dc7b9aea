def log = new File(basedir, 'build.log').text
assert log.contains('mvqvae-finetune-100pct')
assert log.contains('REGRESSION')
assert log.contains('changed beyond tolerance or are missing')
assert log.contains('another machine')
assert log.contains('skelmae.updateBaseline')
assert log.contains('BUILD FAILURE')
assert !log.contains('BUILD ERROR')
