import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('dataset auto: synthetic')
assert log.contains('SYNTHETIC data')
assert log.contains('mvqvae-finetune-100pct')
assert log.contains('BUILD SUCCESS')
def results = new File(basedir, 'target/skelmae/smoke/results.json')
assert results.isFile()
def r = new JsonSlurper().parse(results)
assert r.synthetic == true
assert r.dataset == 'synthetic'
// 3 pre-trainings, 3 fine-tunes, and a from-scratch control per fine-tuning rate (1e-3; MVQVAE's 1e-2)
assert r.outcomes.size() == 8
assert r.outcomes.every { it.status == 'OK' }
assert r.summary.find { it.group == 'scratch-100pct' }.n == 1
assert r.summary.find { it.group == 'scratch-lr0.01-100pct' }.n == 1
assert r.comparisons.find { it.a == 'mvqvae-finetune-100pct' && it.b == 'scratch-lr0.01-100pct' } != null
assert new File(basedir, 'target/skelmae/smoke/mvae-pretrain/seed-1/checkpoints/best.npz').isFile()
assert new File(basedir, 'target/skelmae/smoke/mvae-finetune-100pct/seed-1/provenance.json').text.contains('"command"')
