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
assert r.outcomes.size() == 7
assert r.outcomes.every { it.status == 'OK' }
assert r.summary.find { it.group == 'scratch-100pct' }.n == 1
assert new File(basedir, 'target/skelmae/smoke/mvae-pretrain/seed-1/checkpoints/best.npz').isFile()
assert new File(basedir, 'target/skelmae/smoke/mvae-finetune-100pct/seed-1/provenance.json').text.contains('"command"')
